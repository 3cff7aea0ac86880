import { APIError } from 'better-auth/api';
import type { GenericEndpointContext } from 'better-auth';
import { eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { users } from '@/db/schema';
import type { TActor } from './actor';
import { ZPersonName } from './person-name';
import { parseGlobalRole } from './roles';

const PROFILE_FIELDS = ['name', 'email', 'image'] as const;
type TProfile = Record<(typeof PROFILE_FIELDS)[number], string | null>;

/** A change to someone's name, e-mail or picture: what the audit trail records. */
export type TProfileChange = { actor: TActor | null; userId: string; before: Partial<TProfile>; after: Partial<TProfile> };

type TUserData = Record<string, unknown>;

function readName(name: unknown): string {
  const parsed = ZPersonName.safeParse(name);
  if (!parsed.success) throw new APIError('BAD_REQUEST', { message: parsed.error.issues[0]?.message ?? 'Enter a valid name' });
  return parsed.data;
}

function touchesProfile(data: TUserData): boolean {
  return PROFILE_FIELDS.some((field) => data[field] !== undefined);
}

function readActor(ctx: GenericEndpointContext | null): TActor | null {
  const user = ctx?.context.session?.user;
  if (!user) return null;
  return { userId: user.id, name: user.name, email: user.email, globalRole: parseGlobalRole((user as { role?: string }).role), via: 'session' };
}

/** The account an update is about: an admin names it in the body, anyone else changes their own. */
function readSubjectId(ctx: GenericEndpointContext | null): string | null {
  const named = (ctx?.body as { userId?: unknown } | undefined)?.userId;
  if (typeof named === 'string') return named;
  return ctx?.context.session?.user.id ?? null;
}

/**
 * better-auth writes users itself (its /update-user endpoint and the admin plugin), so the name rule
 * and the profile audit sit on its database hooks, under every door that sets a name.
 */
export function createProfileHooks(db: Database, onProfileChange: (change: TProfileChange) => Promise<void>) {
  // An update's "before" is read in the before hook and picked up by the after hook of the same call.
  const pending = new WeakMap<object, TProfile>();
  return {
    user: {
      create: {
        before: async (user: TUserData) => ({ data: { ...user, name: readName(user.name) } }),
      },
      update: {
        before: async (data: TUserData, ctx: GenericEndpointContext | null) => {
          if (!touchesProfile(data)) return;
          const subjectId = readSubjectId(ctx);
          if (ctx && subjectId) {
            const [before] = await db.select({ name: users.name, email: users.email, image: users.image }).from(users).where(eq(users.id, subjectId));
            if (before) pending.set(ctx, before);
          }
          return data.name === undefined ? undefined : { data: { ...data, name: readName(data.name) } };
        },
        after: async (user: TUserData & { id: string }, ctx: GenericEndpointContext | null) => {
          const before = ctx ? pending.get(ctx) : undefined;
          if (!before || !ctx) return;
          pending.delete(ctx);
          const changed = PROFILE_FIELDS.filter((field) => (user[field] ?? null) !== before[field]);
          if (changed.length === 0) return;
          await onProfileChange({
            actor: readActor(ctx),
            userId: user.id,
            before: Object.fromEntries(changed.map((field) => [field, before[field]])),
            after: Object.fromEntries(changed.map((field) => [field, (user[field] as string | null | undefined) ?? null])),
          });
        },
      },
    },
  };
}

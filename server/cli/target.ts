import { asc, eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { closeDatabase, getDatabase } from '@/db/open';
import { DatabaseLockedError } from '@/db/pglite';
import { users } from '@/db/schema';
import { findProjectIdBySlug } from '@/server/services/projects/projects';
import { resolveDatabaseTarget } from '@/server/env';

export type TRemoteOptions = { url?: string; token?: string };

/** Options every data command takes: the app's own database (default) or a running server. */
export function describeRemoteOptions() {
  return {
    url: ['--url <url>', 'talk to a running Quorum server instead of opening the database (needs --token)'],
    token: ['--token <token>', 'API token for --url (created under "API tokens" in the app); or QUORUM_TOKEN'],
  } as const;
}

export type TRemote = { baseUrl: string; token: string };

export function resolveRemote(options: TRemoteOptions): TRemote | null {
  if (!options.url) return null;
  const token = options.token ?? process.env.QUORUM_TOKEN;
  if (!token) throw new Error('--url needs --token <API token> (or QUORUM_TOKEN)');
  let baseUrl: URL;
  try {
    baseUrl = new URL(options.url);
  } catch {
    throw new Error(`--url is not a URL: ${options.url}`);
  }
  return { baseUrl: baseUrl.toString().replace(/\/$/, ''), token };
}

/**
 * Opens the app's database (DATABASE_URL, else the embedded one in QUORUM_DATA_DIR) for one command.
 * When the app itself holds the embedded database, says so and points at the remote option.
 */
export async function withLocalDatabase<T>(run: (db: Database) => Promise<T>): Promise<T> {
  let db: Database;
  try {
    db = (await getDatabase(resolveDatabaseTarget())).db;
  } catch (error) {
    if (error instanceof DatabaseLockedError) {
      throw new Error(
        `the embedded database in ${error.dataDir} is in use by the running app (pid ${error.holderPid ?? '?'}); stop it, or run this command against the app with --url http://localhost:3000 --token <API token>`,
      );
    }
    throw error;
  }
  try {
    return await run(db);
  } finally {
    await closeDatabase();
  }
}

export async function requireProjectId(db: Database, slug: string): Promise<number> {
  const projectId = await findProjectIdBySlug(db, slug);
  if (projectId === null) throw new Error(`no project "${slug}" (see: quorum project list)`);
  return projectId;
}

export async function findUserIdByEmail(db: Database, email: string): Promise<string> {
  const [user] = await db.select({ id: users.id }).from(users).where(eq(users.email, email.trim().toLowerCase()));
  if (!user) throw new Error(`no account with e-mail ${email}`);
  return user.id;
}

/** The instance's first admin, who owns what the CLI creates when no owner is named. */
export async function findFirstAdminId(db: Database): Promise<string | null> {
  const [admin] = await db.select({ id: users.id }).from(users).where(eq(users.role, 'admin')).orderBy(asc(users.createdAt)).limit(1);
  return admin?.id ?? null;
}

/** A request to a running server with the API token; a failure becomes the server's one-line message. */
export async function fetchRemote(remote: TRemote, path: string, init: RequestInit & { duplex?: 'half' } = {}): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(`${remote.baseUrl}${path}`, {
      ...init,
      headers: { ...(init.headers as Record<string, string> | undefined), authorization: `Bearer ${remote.token}` },
    });
  } catch (error) {
    throw new Error(`cannot reach ${remote.baseUrl}: ${error instanceof Error ? (error.cause as Error | undefined)?.message ?? error.message : String(error)}`);
  }
  if (!response.ok && response.status !== 422) {
    const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(`${response.status} from the server: ${body?.error?.message ?? response.statusText}`);
  }
  return response;
}

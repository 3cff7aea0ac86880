import { createHash, randomUUID } from 'node:crypto';
import { and, eq, inArray, or, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { projectMembers, users } from '@/db/schema';
import { toImportedDisplayName } from '@/server/auth/person-name';
import type { TAnnotatorIdentity } from '@/server/import';

/**
 * Who made each annotation of an import. A file names annotators by e-mail, id and name (Quorum's
 * exports give all three); display names are not unique and anyone can rename themselves, so they
 * are the last resort. In order: an account of this project (a member, or an annotator an earlier
 * import created) with that e-mail; then with that id (an export of this same instance); then, for
 * a name alone, the one member so named, never a guess between two. Anyone else becomes an account
 * without credentials, one per identity and project, so their labels keep an owner in agreement and
 * quality reports but nobody can sign in as them.
 */
export function identityKey(identity: TAnnotatorIdentity): string {
  if (identity.email !== null) return `email:${identity.email}`;
  if (identity.id !== null) return `id:${identity.id}`;
  return `name:${identity.name}`;
}

/** Name-only annotators keep the address earlier imports gave them, so old files still import idempotently. */
export function importedAnnotatorEmail(projectId: number, identity: TAnnotatorIdentity): string {
  const key = identity.email === null && identity.id === null ? identity.name : identityKey(identity);
  return `imported.${projectId}.${createHash('sha256').update(key).digest('hex').slice(0, 20)}@imported.invalid`;
}

type TCandidate = { id: string; email: string; name: string };

async function findProjectAccounts(db: Database, projectId: number, identities: TAnnotatorIdentity[]): Promise<TCandidate[]> {
  const emails = identities.flatMap((identity) => (identity.email === null ? [] : [identity.email, importedAnnotatorEmail(projectId, identity)]));
  const ids = identities.flatMap((identity) => (identity.id === null ? [] : [identity.id]));
  const names = identities.filter((identity) => identity.email === null && identity.id === null);
  const nameEmails = names.map((identity) => importedAnnotatorEmail(projectId, identity));
  const matches = or(
    emails.length > 0 ? inArray(users.email, emails) : undefined,
    ids.length > 0 ? inArray(users.id, ids) : undefined,
    names.length > 0 ? inArray(users.name, names.map((identity) => identity.name)) : undefined,
    nameEmails.length > 0 ? inArray(users.email, nameEmails) : undefined,
  );
  const importedHere = sql`${users.isImported} and ${users.email} like ${`imported.${projectId}.%`}`;
  return db
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .leftJoin(projectMembers, and(eq(projectMembers.userId, users.id), eq(projectMembers.projectId, projectId)))
    .where(and(matches, or(sql`${projectMembers.userId} is not null`, importedHere)));
}

function matchAccount(projectId: number, identity: TAnnotatorIdentity, accounts: TCandidate[]): string | null {
  const imported = importedAnnotatorEmail(projectId, identity);
  const byEmail = identity.email === null ? undefined : accounts.find((account) => account.email.toLowerCase() === identity.email);
  const byId = identity.id === null ? undefined : accounts.find((account) => account.id === identity.id);
  const byImported = accounts.find((account) => account.email === imported);
  if (byEmail ?? byId ?? byImported) return (byEmail ?? byId ?? byImported)!.id;
  if (identity.email !== null || identity.id !== null) return null;
  const named = accounts.filter((account) => account.name === identity.name && !account.email.endsWith('@imported.invalid'));
  return named.length === 1 ? named[0]!.id : null;
}

/** Sets `cache` (identity key → user id) for the annotators that match an account; returns the others. */
async function matchImportedAnnotators(db: Database, projectId: number, identities: Iterable<TAnnotatorIdentity>, cache: Map<string, string>): Promise<TAnnotatorIdentity[]> {
  const missing = new Map<string, TAnnotatorIdentity>();
  for (const identity of identities) {
    const key = identityKey(identity);
    if (!cache.has(key) && !missing.has(key)) missing.set(key, identity);
  }
  if (missing.size === 0) return [];
  const accounts = await findProjectAccounts(db, projectId, [...missing.values()]);
  const unmatched: TAnnotatorIdentity[] = [];
  for (const [key, identity] of missing) {
    const id = matchAccount(projectId, identity, accounts);
    if (id === null) unmatched.push(identity);
    else cache.set(key, id);
  }
  return unmatched;
}

/**
 * As resolveImportedAnnotators, creating nothing: an annotator no account matches gets a
 * placeholder key of its own. Such a newcomer has no stored annotations, so the check before an
 * import is published needs no account for them, and a file that fails leaves none behind.
 */
export async function lookUpImportedAnnotators(db: Database, projectId: number, identities: Iterable<TAnnotatorIdentity>, cache: Map<string, string>): Promise<void> {
  for (const identity of await matchImportedAnnotators(db, projectId, identities, cache)) cache.set(identityKey(identity), `new:${identityKey(identity)}`);
}

/** Fills `cache` (identity key → user id) for every annotator in `identities`, creating accounts for newcomers. */
export async function resolveImportedAnnotators(db: Database, projectId: number, identities: Iterable<TAnnotatorIdentity>, cache: Map<string, string>): Promise<void> {
  const unmatched = await matchImportedAnnotators(db, projectId, identities, cache);
  if (unmatched.length === 0) return;
  const byEmail = new Map(unmatched.map((identity) => [importedAnnotatorEmail(projectId, identity), identity]));
  await db
    .insert(users)
    .values(
      [...byEmail].map(([email, identity]) => ({
        id: randomUUID(),
        name: toImportedDisplayName(identity.name),
        email,
        isImported: true,
        banned: true,
        banReason: 'Imported annotator: cannot sign in',
      })),
    )
    .onConflictDoNothing({ target: users.email });
  const rows = await db.select({ id: users.id, email: users.email }).from(users).where(inArray(users.email, [...byEmail.keys()]));
  for (const row of rows) {
    const identity = byEmail.get(row.email);
    if (identity) cache.set(identityKey(identity), row.id);
  }
}

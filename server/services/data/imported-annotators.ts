import { createHash, randomUUID } from 'node:crypto';
import { inArray } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { users } from '@/db/schema';

/**
 * Annotators named in imported files (Label Studio's `completed_by`, an export's annotator names)
 * become accounts without credentials, one per name and project, so their labels keep an owner in
 * agreement and quality reports but nobody can sign in as them.
 */
export function importedAnnotatorEmail(projectId: number, name: string): string {
  return `imported.${projectId}.${createHash('sha256').update(name).digest('hex').slice(0, 20)}@imported.invalid`;
}

export async function resolveImportedAnnotators(db: Database, projectId: number, names: Iterable<string>, cache: Map<string, string>): Promise<void> {
  const missing = [...new Set(names)].filter((name) => !cache.has(name));
  if (missing.length === 0) return;
  const byEmail = new Map(missing.map((name) => [importedAnnotatorEmail(projectId, name), name]));
  const values = missing.map((name) => ({
    id: randomUUID(),
    name: name.slice(0, 100) || 'unknown',
    email: importedAnnotatorEmail(projectId, name),
    isImported: true,
    banned: true,
    banReason: 'Imported annotator: cannot sign in',
  }));
  await db.insert(users).values(values).onConflictDoNothing({ target: users.email });
  const rows = await db
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(inArray(users.email, [...byEmail.keys()]));
  for (const row of rows) {
    const name = byEmail.get(row.email);
    if (name !== undefined) cache.set(name, row.id);
  }
}

import type { DatabaseHandle } from '@/db/client';
import { openPglite } from '@/db/pglite';
import { openPostgres } from '@/db/postgres';
import { importItems } from '@/server/services/data/import-items';
import { buildDefaultLabels } from '@/server/services/projects/label-set';
import { createProject } from '@/server/services/projects/projects';

/**
 * A process that starts an import of an endless upload and never finishes it, for the crash test
 * (server/services/data/import-abuse.test.ts) to kill: `import-crash-child.ts <pglite DIR | postgres URL> <slug>`.
 * Prints a JSON line per progress report.
 */
const [kind, target, slug] = process.argv.slice(2);
if (!target || !slug || (kind !== 'pglite' && kind !== 'postgres')) throw new Error('usage: import-crash-child <pglite DIR | postgres URL> <slug>');

async function* endlessCsv(): AsyncGenerator<string> {
  yield 'id,text\n';
  for (let chunk = 0; ; chunk++) {
    let text = '';
    for (let row = 0; row < 500; row++) text += `c${chunk}-${row},crash test row ${chunk} ${row}\n`;
    yield text;
    // An upload arrives over time: let the database work between chunks.
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const handle: DatabaseHandle = kind === 'pglite' ? await openPglite(target) : await openPostgres(target, { poolSize: 2 });
const project = await createProject(handle.db, null, { slug, name: slug, labels: buildDefaultLabels(['a', 'b']) });
await importItems(handle.db, null, project.id, endlessCsv(), {
  format: 'csv',
  mapping: { textField: 'text', idField: 'id' },
  onProgress: (progress) => process.stdout.write(`${JSON.stringify({ projectId: project.id, ...progress })}\n`),
});

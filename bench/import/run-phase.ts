import fs from 'node:fs';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { DatabaseHandle } from '@/db/client';
import { migratePostgres, openPostgres } from '@/db/postgres';
import { openPglite } from '@/db/pglite';
import { buildDefaultLabels } from '@/server/services/projects/label-set';
import { streamProjectExport } from '@/server/services/data/export-project';
import { importItems } from '@/server/services/data/import-items';
import { createProject, findProjectIdBySlug } from '@/server/services/projects/projects';
import { measureRequestsDuringImport } from './measure-contention';

/**
 * One benchmark phase in its own process, so its peak RSS is its own: `init`, `import`, `export` or
 * `contend` (an import while other users' requests are timed), on `postgres <url>` or `pglite <dir>`.
 * Prints one JSON line. `init` creates and migrates the
 * database: PGlite's initdb briefly needs some 800 MB, a once-per-database cost the app pays at its
 * first start, not part of an import.
 */
const [phase, kind, target, file] = process.argv.slice(2);

function readPeakRssMb(): number {
  const status = fs.readFileSync('/proc/self/status', 'utf8');
  const match = /VmHWM:\s+(\d+) kB/.exec(status);
  return match ? Number(match[1]) / 1024 : process.memoryUsage().rss / 2 ** 20;
}

async function open(): Promise<DatabaseHandle> {
  if (kind === 'postgres' && target) {
    await migratePostgres(target);
    return openPostgres(target, { poolSize: 4 });
  }
  if (kind === 'pglite' && target) return openPglite(target);
  throw new Error('usage: run-phase <import|export> <postgres URL|pglite DIR> [file]');
}

const handle = await open();
const started = performance.now();
let rows = 0;
let latency: Record<string, number> = {};
if (phase === 'init') {
  rows = 0;
} else if (phase === 'contend') {
  if (!file) throw new Error('contend needs the file');
  ({ rows, latency } = await measureRequestsDuringImport(handle.db, file));
} else if (phase === 'import') {
  if (!file) throw new Error('import needs the file');
  const project = await createProject(handle.db, null, { slug: 'bench', name: 'bench', labels: buildDefaultLabels(['billing', 'technical', 'shipping', 'other']) });
  const result = await importItems(handle.db, null, project.id, fs.createReadStream(file), {
    format: 'csv',
    mapping: { textField: 'text', labelField: 'label', idField: 'id' },
  });
  if (result.status !== 'succeeded') throw new Error(`import failed: ${result.error}`);
  rows = result.itemsCreated;
} else {
  const projectId = await findProjectIdBySlug(handle.db, 'bench');
  if (projectId === null) throw new Error('run the import phase first');
  let bytes = 0;
  await pipeline(
    streamProjectExport(handle.db, projectId, { format: 'jsonl', status: 'all' }),
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
        bytes += chunk.length;
        for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) rows++;
        callback();
      },
    }),
  );
  void bytes;
}
const seconds = (performance.now() - started) / 1000;
await handle.close();
process.stdout.write(`${JSON.stringify({ phase, kind, rows, seconds, rowsPerSecond: rows / seconds, peakRssMb: readPeakRssMb(), ...latency })}\n`);

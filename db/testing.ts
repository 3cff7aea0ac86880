import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import type { DatabaseHandle } from './client';
import { MIGRATIONS_FOLDER } from './migrations-folder';
import { migratePostgres, openPostgres } from './postgres';
import { PGLITE_SETTINGS, toPgliteHandle } from './pglite';

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or a new database on
 * the PostgreSQL server named by TEST_DATABASE_URL (dropped again on close).
 *
 * Both start from a template migrated once per set of migrations, not from scratch: some 80 test
 * files open a database per run, and initdb plus sixteen migrations cost seconds each (PGlite's
 * initdb alone ~2.5 s on a quiet 2-core machine), where copying a template costs a fraction.
 */
export async function createTestDatabase(): Promise<DatabaseHandle> {
  const baseUrl = process.env.TEST_DATABASE_URL;
  if (!baseUrl) return openPgliteFromTemplate();
  assertLocalDatabase(baseUrl);
  const template = await ensurePostgresTemplate(baseUrl);
  const name = `quorum_test_${randomBytes(6).toString('hex')}`;
  await withAdminClient(baseUrl, (client) => client.query(`create database ${name} template ${template}`));
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const handle = await openPostgres(url.toString(), { poolSize: 10 });
  return {
    ...handle,
    kind: 'postgres',
    close: async () => {
      await handle.close();
      await withAdminClient(baseUrl, (client) => client.query(`drop database if exists ${name} with (force)`));
    },
  };
}

/** Names the migrations (and the PGlite build), so a changed migration never reuses a stale template. */
function migrationsFingerprint(): string {
  const hash = createHash('sha256');
  hash.update(`pglite ${readPackageVersion('@electric-sql/pglite')}`);
  const files = fs.readdirSync(MIGRATIONS_FOLDER, { recursive: true, encoding: 'utf8' }).sort();
  for (const file of files) {
    const full = path.join(MIGRATIONS_FOLDER, file);
    if (!fs.statSync(full).isFile()) continue;
    hash.update(file).update(fs.readFileSync(full));
  }
  return hash.digest('hex').slice(0, 16);
}

function readPackageVersion(name: string): string {
  const manifest = path.join(process.cwd(), 'node_modules', name, 'package.json');
  return fs.existsSync(manifest) ? (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { version: string }).version : 'unknown';
}

/**
 * PGlite from a dump of a migrated data directory kept in the temp folder. Test workers that race
 * to build it each write their own file and rename it into place, which is atomic.
 */
async function openPgliteFromTemplate(): Promise<DatabaseHandle> {
  const file = path.join(os.tmpdir(), `quorum-pglite-template-${migrationsFingerprint()}.tar`);
  if (!fs.existsSync(file)) {
    const built = await PGlite.create({ postgresqlconf: PGLITE_SETTINGS });
    await migrate(drizzle(built), { migrationsFolder: MIGRATIONS_FOLDER });
    const dump = await built.dumpDataDir('none');
    await built.close();
    const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    fs.writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    fs.renameSync(partial, file);
  }
  const client = await PGlite.create({ loadDataDir: new Blob([fs.readFileSync(file)]), postgresqlconf: PGLITE_SETTINGS });
  return toPgliteHandle(client, null);
}

/**
 * A migrated template database on the server, built once under an advisory lock (test workers
 * start together) and dropped when the migrations change.
 */
async function ensurePostgresTemplate(baseUrl: string): Promise<string> {
  const name = `quorum_template_${migrationsFingerprint()}`;
  await withAdminClient(baseUrl, async (client) => {
    await client.query('select pg_advisory_lock($1)', [TEMPLATE_LOCK_KEY]);
    try {
      const existing = await client.query<{ datname: string }>(`select datname from pg_database where datname like 'quorum\\_template\\_%'`);
      if (existing.rows.some((row) => row.datname === name)) return;
      for (const row of existing.rows) await client.query(`drop database if exists ${row.datname} with (force)`);
      await client.query(`create database ${name}`);
      const url = new URL(baseUrl);
      url.pathname = `/${name}`;
      await migratePostgres(url.toString());
    } finally {
      await client.query('select pg_advisory_unlock($1)', [TEMPLATE_LOCK_KEY]);
    }
  });
  return name;
}

const TEMPLATE_LOCK_KEY = 7_146_002;

/** One connection for `run`, closed after it (test set-up and benchmarks: create, drop, inspect databases). */
export async function withAdminClient<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** Tests create and drop databases: refuse anything but a server on this machine. */
export function assertLocalDatabase(url: string): void {
  const host = new URL(url).hostname;
  if (!['localhost', '127.0.0.1', '::1', '[::1]'].includes(host)) {
    throw new Error(`Refusing to run tests against a non-local database (${host})`);
  }
}

import fs from 'node:fs';
import pg from 'pg';
import type { DatabaseHandle } from '@/db/client';
import { migratePostgres, openPostgres } from '@/db/postgres';
import { openPglite } from '@/db/pglite';
import { assertLocalDatabase } from '@/db/testing';

/** A fresh PostgreSQL database for the benchmark (dropped and created again): local servers only. */
export async function recreatePostgresDatabase(url: string): Promise<void> {
  assertLocalDatabase(url);
  const name = new URL(url).pathname.slice(1);
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unexpected benchmark database name "${name}"`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`drop database if exists ${name} with (force)`);
    await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
  await migratePostgres(url);
}

export function openBenchPostgres(url: string): Promise<DatabaseHandle> {
  return openPostgres(url, { poolSize: 4 });
}

/** A fresh embedded database directory (the server opens it after this process lets go). */
export async function recreatePgliteDirectory(dataDir: string): Promise<DatabaseHandle> {
  fs.rmSync(dataDir, { recursive: true, force: true });
  return openPglite(dataDir);
}

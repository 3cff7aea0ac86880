import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { migratePostgres } from './postgres';
import { assertLocalDatabase } from './testing';

const baseUrl = process.env.TEST_DATABASE_URL;

describe.skipIf(!baseUrl)('PostgreSQL migrations', () => {
  it('lets several servers migrate one fresh database at once', async () => {
    if (!baseUrl) return;
    assertLocalDatabase(baseUrl);
    const name = `quorum_migrate_${randomBytes(5).toString('hex')}`;
    const admin = new pg.Client({ connectionString: baseUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    try {
      const url = new URL(baseUrl);
      url.pathname = `/${name}`;
      await Promise.all([1, 2, 3, 4].map(() => migratePostgres(url.toString())));
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      const applied = await client.query('select count(*)::int as n from drizzle.__drizzle_migrations');
      const tables = await client.query("select count(*)::int as n from information_schema.tables where table_schema = 'public' and table_name = 'items'");
      await client.end();
      expect(applied.rows[0].n).toBeGreaterThanOrEqual(2);
      expect(tables.rows[0].n).toBe(1);
    } finally {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  });
});

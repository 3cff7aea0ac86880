import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { items } from '@/db/schema';
import type { TActor } from '@/server/auth/actor';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import { importItems } from './import-items';

const MAPPING = { textField: 'text', idField: 'id' };

/** Texts and metadata with every character COPY's text format escapes, and some it does not. */
function awkwardRow(n: number): { id: string; text: string; meta: { path: string; quote: string } } {
  return {
    id: `k${n}`,
    text: `row ${n}\twith a tab, a backslash \\ and \\N, a line\r\nbreak, ünïcödé and 👍 ${n}`,
    meta: { path: `C:\\dir\\${n}\\file`, quote: `say "hi"\tnow` },
  };
}

const toJsonl = (rows: object[]) => rows.map((row) => JSON.stringify(row)).join('\n');

/**
 * The import writes plain rows by COPY on PostgreSQL (falling back to an insert that skips
 * duplicates when a chunk meets one) and stages them on the embedded database: both must store the
 * same texts and metadata, byte for byte, and count created and skipped rows alike.
 */
describe('plain rows written in bulk', () => {
  let harness: TTestHarness;
  let admin: TActor;

  beforeAll(async () => {
    harness = await createTestHarness();
    admin = await harness.createUser('Importer', 'admin');
  });
  afterAll(() => harness.close());

  const stored = (projectId: number) =>
    harness.db.select({ externalId: items.externalId, text: items.text, metadata: items.metadata }).from(items).where(eq(items.projectId, projectId)).orderBy(asc(items.id));

  it('stores escaped characters exactly, over several chunks, and a re-import creates nothing', async () => {
    const project = await harness.createProjectAs(admin, 'copy-escapes', ['a', 'b']);
    const rows = Array.from({ length: 23_000 }, (_, n) => awkwardRow(n));
    const file = toJsonl(rows.map(({ id, text, meta }) => ({ id, text, ...meta })));
    const first = await importItems(harness.db, admin, project.id, file, { format: 'jsonl', mapping: MAPPING });
    expect(first).toMatchObject({ status: 'succeeded', itemsCreated: 23_000, duplicatesSkipped: 0 });
    const items = await stored(project.id);
    expect(items).toHaveLength(23_000);
    for (const n of [0, 9_999, 10_000, 22_999]) {
      expect(items[n]).toEqual({ externalId: `k${n}`, text: rows[n]!.text, metadata: rows[n]!.meta });
    }

    const again = await importItems(harness.db, admin, project.id, file, { format: 'jsonl', mapping: MAPPING });
    expect(again).toMatchObject({ status: 'succeeded', itemsCreated: 0, duplicatesSkipped: 23_000 });

    // Half old, half new: the chunk meets duplicates, and only the new rows are created.
    const overlap = toJsonl([...rows.slice(0, 100), ...Array.from({ length: 100 }, (_, n) => awkwardRow(30_000 + n))].map(({ id, text, meta }) => ({ id, text, ...meta })));
    const mixed = await importItems(harness.db, admin, project.id, overlap, { format: 'jsonl', mapping: MAPPING });
    expect(mixed).toMatchObject({ status: 'succeeded', itemsCreated: 100, duplicatesSkipped: 100 });
    expect(await stored(project.id)).toHaveLength(23_100);
  });

  it('keeps the first of two rows with the same text and no id, within a chunk and across chunks', async () => {
    const project = await harness.createProjectAs(admin, 'copy-first-wins', ['a', 'b']);
    const lines = Array.from({ length: 12_000 }, (_, n) => ({ text: `ticket ${n % 11_000}`, copy: n < 11_000 ? 'first' : 'second' }));
    // A repeat inside the first chunk too.
    lines.splice(5, 0, { text: 'ticket 3', copy: 'second' });
    const result = await importItems(harness.db, admin, project.id, toJsonl(lines), { format: 'jsonl', mapping: { textField: 'text' } });
    expect(result).toMatchObject({ status: 'succeeded', itemsCreated: 11_000, duplicatesSkipped: 1_001 });
    const items = await stored(project.id);
    expect(items).toHaveLength(11_000);
    expect(items.every((item) => (item.metadata as { copy: string }).copy === 'first')).toBe(true);
  });
});

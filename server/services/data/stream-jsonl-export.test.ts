import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TActor } from '@/server/auth/actor';
import { exportItems } from '@/server/export';
import { readAll } from '@/server/testing/export-round-trip';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import { EXPORT_STATUSES, readExportPages, streamProjectExport, type TExportStatus } from './export-project';
import { buildImageUrlPrefix } from './export-answer-names';
import { readProjectSlug } from './read-export-page-json';
import { readExportPageJsonl } from './read-export-page-jsonl';
import { streamJsonlExport } from './stream-jsonl-export';

const LABELS = ['Positive', 'Nega"tive\\', 'Neutral ünïcode'];

/** Strings JSON.stringify and to_json must escape alike: quotes, backslashes, control characters, separators-in-text, non-ASCII. */
const TRICKY = ['plain', 'quote " and \\ backslash', 'tab\tnew\nline\r\u0001\u001f\u007f', 'emoji 😀 and \u2028 \u2029', '": " and ", " inside', ''];

type TItemSeed = {
  externalId?: string | null;
  text: string;
  metadata?: unknown;
  gold?: string | null;
  goldValue?: unknown;
  final?: string | null;
  finalSource?: 'review' | 'consensus' | 'single' | 'gold' | null;
  mediaHash?: string | null;
  annotations?: { by: 0 | 1; label?: string; isForeignLabel?: boolean; value?: unknown; createdAt?: string; leadTimeMs?: number | null; status?: string }[];
  predictions?: { label?: string; value?: unknown; score?: number | null; version?: string | null; createdAt?: string }[];
};

/** Every value the database writes itself, in the forms its page statement must write exactly as JSON.stringify does. */
const PLAIN: TItemSeed[] = [
  { externalId: null, text: 'no external id, nothing else' },
  ...TRICKY.map((text, i) => ({ externalId: `ext-${i} ${text}`, text, metadata: { [`key ${text}`]: text, source: 'mail' } })),
  { text: 'metadata whose strings hold separators', metadata: { 'a": "b': 'c", "d', 'e\\': '\\', '': '' } },
  { text: 'gold and final', gold: 'Positive', final: 'Nega"tive\\', finalSource: 'review' },
  {
    text: 'annotated',
    final: 'Neutral ünïcode',
    finalSource: 'consensus',
    annotations: [
      { by: 0, label: 'Positive', createdAt: '2024-03-01T10:11:12.123999+00', leadTimeMs: 1500 },
      { by: 1, label: 'Nega"tive\\', createdAt: '0005-06-07T08:09:10.5+00', leadTimeMs: null },
    ],
  },
  { text: 'a rejected annotation is left out', annotations: [{ by: 0, label: 'Positive', status: 'rejected' }] },
  { text: 'an answer by a label of another project', annotations: [{ by: 0, isForeignLabel: true }] },
  {
    text: 'predicted',
    predictions: [
      { label: 'Neutral ünïcode', score: 0.25, version: 'old', createdAt: '2024-01-01T00:00:00Z' },
      { label: 'Positive', score: 0.8734, version: 'ext "v2"', createdAt: '2024-02-01T00:00:00Z' },
    ],
  },
  ...[null, 0, -0, 1, 0.1, 0.123456789, 123.25, 0.0001, 999999].map((score) => ({ text: `score ${score}`, predictions: [{ label: 'Positive', score }] })),
  { text: 'prediction without a version', predictions: [{ label: 'Positive', score: 0.5, version: null }] },
  { text: 'image.png', mediaHash: 'abc123' },
  { text: 'empty media hash', mediaHash: '' },
];

/** Values the general path writes (JSON.parse then JSON.stringify changes them, or they are sets and spans). */
const GENERAL: TItemSeed[] = [
  { text: 'a number', metadata: { n: 1.5 } },
  { text: 'a number written with a trailing zero', metadata: { n: 1.5, m: 1.0 } },
  { text: 'array-index keys go first in JavaScript', metadata: { b: 'x', '1': 'y', '10': 'z' } },
  { text: 'nested', metadata: { a: { b: 'c' }, list: ['x', 'y'], yes: true, none: null } },
  { text: 'a label set', goldValue: { labelIds: [] } },
  { text: 'a tiny score', predictions: [{ label: 'Positive', score: 1e-7 }] },
  { text: 'a large score', predictions: [{ label: 'Positive', score: 3e9 }] },
  { text: 'a set answer', annotations: [{ by: 0, value: { labelIds: [] } }] },
];

/** -0 as a parameter would arrive as 0. */
const writeScore = (score: number | null | undefined) => (score === null || score === undefined ? null : Object.is(score, -0) ? '-0' : String(score));

describe('JSON Lines pages written by the embedded database', () => {
  let harness: TTestHarness;
  let annotators: [TActor, TActor];
  let plainId: number;
  let mixedId: number;

  beforeAll(async () => {
    harness = await createTestHarness();
    const admin = await harness.createUser('Admin', 'admin');
    annotators = [await harness.createUser('Ann "the" Annotator'), await harness.createUser('Bob\\Annotator')];
    plainId = (await harness.createProjectAs(admin, 'jsonl-plain', LABELS)).id;
    mixedId = (await harness.createProjectAs(admin, 'jsonl-mixed', LABELS)).id;
    await seed(plainId, PLAIN);
    // Plain items first, so the export starts on the database's pages and turns to the general path.
    await seed(mixedId, [...PLAIN, ...GENERAL, ...PLAIN.map((item) => ({ ...item, externalId: item.externalId && `again ${item.externalId}` }))]);
    for (const element of GENERAL) {
      const project = await harness.createProjectAs(admin, `jsonl-general-${GENERAL.indexOf(element)}`, LABELS);
      await seed(project.id, [element]);
    }
  });
  afterAll(() => harness.close());

  async function seed(projectId: number, seeds: TItemSeed[]) {
    const labels = await harness.db.execute<{ id: number; name: string }>(sql`select id, name from project_labels where project_id = ${projectId}`);
    const labelId = (name: string | null | undefined) => (name ? Number(labels.rows.find((row) => row.name === name)!.id) : null);
    let versionCount = 0;
    for (const [i, item] of seeds.entries()) {
      const [row] = await harness.db
        .execute<{ id: number }>(sql`
          insert into items (project_id, external_id, content_hash, text, metadata, gold_label_id, gold_value, final_label_id, final_source, media_hash, priority)
          values (${projectId}, ${item.externalId === undefined ? `item-${i}` : item.externalId}, ${`hash-${i}`}, ${item.text}, ${JSON.stringify(item.metadata ?? {})}::jsonb,
            ${labelId(item.gold)}, ${item.goldValue === undefined ? null : JSON.stringify(item.goldValue)}::jsonb, ${labelId(item.final)}, ${item.finalSource ?? null}, ${item.mediaHash ?? null}, 0.5)
          returning id`)
        .then((result) => result.rows);
      const itemId = Number(row!.id);
      const [foreign] = await harness.db.execute<{ id: number }>(sql`select id from project_labels where project_id <> ${projectId} limit 1`).then((result) => result.rows);
      for (const annotation of item.annotations ?? []) {
        await harness.db.execute(sql`
          insert into annotations (project_id, item_id, annotator_id, label_id, value, status, lead_time_ms, created_at)
          values (${projectId}, ${itemId}, ${annotators[annotation.by].userId}, ${annotation.isForeignLabel ? Number(foreign!.id) : labelId(annotation.label)},
            ${annotation.value === undefined ? null : JSON.stringify(annotation.value)}::jsonb, ${annotation.status ?? 'submitted'}, ${annotation.leadTimeMs ?? null}, ${annotation.createdAt ?? '2024-01-01T00:00:00Z'})`);
      }
      for (const prediction of item.predictions ?? []) {
        versionCount += 1;
        await harness.db.execute(sql`
          insert into predictions (project_id, item_id, external_model_version, label_id, value, score, created_at)
          values (${projectId}, ${itemId}, ${prediction.version === undefined ? `v-${versionCount}` : prediction.version}, ${labelId(prediction.label)},
            ${prediction.value === undefined ? null : JSON.stringify(prediction.value)}::jsonb, ${writeScore(prediction.score)}::real, ${prediction.createdAt ?? '2024-01-01T00:00:00Z'})`);
      }
    }
  }

  /** The general path's JSON Lines: pages read into items, each serialised by exportJsonl. */
  async function readGeneralJsonl(projectId: number, status: TExportStatus): Promise<string> {
    return (await readAll(exportItems(readExportPages(harness.db, projectId, status), 'jsonl'))).toString('utf8');
  }

  for (const status of EXPORT_STATUSES) {
    it(`writes what the general path writes (status ${status})`, async () => {
      for (const projectId of [plainId, mixedId]) {
        const general = await readGeneralJsonl(projectId, status);
        // A year below 100 stays itself (node-postgres's own dates read it as 19xx).
        if (projectId === plainId && status === 'all') expect(general).toContain('"created_at":"0005-06-07T08:09:10.500Z"');
        expect((await readAll(streamProjectExport(harness.db, projectId, { format: 'jsonl', status }))).toString('utf8')).toBe(general);
        if (harness.kind === 'pglite') {
          // Small pages: the database's pages, a turn to the general path, and the general path's pages.
          expect((await readAll(streamJsonlExport(harness.db, projectId, status, 3))).toString('utf8')).toBe(general);
        }
      }
    });
  }

  // The page statement speaks to the embedded database only (PostgreSQL exports go the general way).
  it('writes plain items itself and leaves every other kind to the general path', async () => {
    if (harness.kind !== 'pglite') return;
    const prefix = buildImageUrlPrefix(await readProjectSlug(harness.db, plainId));
    const page = await readExportPageJsonl(harness.db, plainId, 'all', 0, prefix, 1000);
    expect(page.count).toBe(PLAIN.length);
    expect(page.lines?.toString('utf8')).toBe(await readGeneralJsonl(plainId, 'all'));
    for (const element of GENERAL) {
      const [project] = await harness.db.execute<{ id: number }>(sql`select id from projects where slug = ${`jsonl-general-${GENERAL.indexOf(element)}`}`).then((result) => result.rows);
      const general = await readExportPageJsonl(harness.db, Number(project!.id), 'all', 0, prefix, 1000);
      expect({ text: element.text, lines: general.lines, count: general.count }).toEqual({ text: element.text, lines: null, count: 1 });
    }
  });

  it('reports a failing statement as an error and leaves the database usable', async () => {
    if (harness.kind !== 'pglite') return;
    await expect(readExportPageJsonl(harness.db, plainId, 'all', Number.NaN, '', 10)).rejects.toThrow();
    expect((await readExportPageJsonl(harness.db, plainId, 'all', 0, '', 1)).count).toBe(1);
  });
});

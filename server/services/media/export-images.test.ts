import { text } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TActor } from '@/server/auth/actor';
import { eq } from 'drizzle-orm';
import { items } from '@/db/schema';
import { streamProjectExport } from '@/server/services/data/export-project';
import { importItems } from '@/server/services/data/import-items';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import { createImageProject, createTestMediaContext, makeTestImage } from '@/server/testing/media-fixtures';
import { addImageItem } from './add-image-item';

describe('exports of image projects', () => {
  let harness: TTestHarness;
  let owner: TActor;
  let projectId: number;
  const added: { itemId: number; hash: string }[] = [];
  const media = createTestMediaContext();

  beforeAll(async () => {
    harness = await createTestHarness();
    owner = await harness.createUser('Owner', 'admin');
    projectId = (await createImageProject(harness, owner, 'export-pets')).id;
    for (const [seed, name] of [[1, 'a=cmd|1.png'], [2, 'b.png']] as const) {
      const result = await addImageItem(harness.db, media, owner, projectId, { fileName: name, bytes: await makeTestImage(seed), label: 'cat' });
      added.push({ itemId: result.itemId, hash: result.image.hash });
    }
  });
  afterAll(() => harness.close());

  const exportAs = (format: 'csv' | 'jsonl' | 'label-studio') => text(streamProjectExport(harness.db, projectId, { format, status: 'all' }));
  const url = (itemId: number) => `/api/v1/projects/export-pets/items/${itemId}/image`;

  it('CSV and JSONL carry the image route and hash after the usual columns', async () => {
    const csv = (await exportAs('csv')).split('\r\n');
    expect(csv[0]).toBe('id,item_id,text,metadata,gold_label,final_label,final_label_source,annotations,prediction_label,prediction_score,model_version,image_url,image_hash');
    expect(csv[1]).toBe(`,${added[0]!.itemId},a=cmd|1.png,{},cat,,,[],,,,${url(added[0]!.itemId)},${added[0]!.hash}`);
    const jsonl = (await exportAs('jsonl')).trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(jsonl[1]).toMatchObject({ text: 'b.png', gold_label: 'cat', image_url: url(added[1]!.itemId), image_hash: added[1]!.hash });
  });

  it('Label Studio tasks have data.image (what $image reads), the file name and the hash', async () => {
    const tasks = JSON.parse(await exportAs('label-studio')) as { data: Record<string, unknown> }[];
    expect(tasks[0]?.data).toMatchObject({ image: url(added[0]!.itemId), image_hash: added[0]!.hash, text: 'a=cmd|1.png', gold_label: 'cat' });
  });

  it("a project's export imports into another image project from the store, without fetching its login-protected URLs", async () => {
    for (const [format, imageField] of [['jsonl', 'image_url'], ['label-studio', 'image']] as const) {
      const copy = await createImageProject(harness, owner, `copy-${format}`);
      const result = await importItems(harness.db, owner, copy.id, [await exportAs(format)], { format, mapping: { textField: 'text', labelField: 'gold_label', imageField }, media });
      expect(result).toMatchObject({ status: 'succeeded', itemsCreated: 2 });
      const copied = await harness.db.select({ text: items.text, mediaHash: items.mediaHash }).from(items).where(eq(items.projectId, copy.id)).orderBy(items.id);
      expect(copied).toEqual([
        { text: 'a=cmd|1.png', mediaHash: added[0]!.hash },
        { text: 'b.png', mediaHash: added[1]!.hash },
      ]);
    }
  });

  it('a hash from an export is not a key: someone in no project with the image gets a problem per row, and nothing is created', async () => {
    const stranger = await harness.createUser('Stranger', 'manager');
    const theirs = await createImageProject(harness, stranger, 'stranger-pets');
    const result = await importItems(harness.db, stranger, theirs.id, [await exportAs('jsonl')], { format: 'jsonl', mapping: { textField: 'text', labelField: 'gold_label', imageField: 'image_url' }, media });
    expect(result.status).toBe('failed');
    expect(result.problems.map((problem) => problem.reason)).toEqual([
      expect.stringMatching(/not stored here, or is in no project of yours/),
      expect.stringMatching(/not stored here, or is in no project of yours/),
    ]);
    expect(await harness.db.select().from(items).where(eq(items.projectId, theirs.id))).toHaveLength(0);
  });

  it('an image hash that is not a SHA-256 is a problem of its row', async () => {
    const copy = await createImageProject(harness, owner, 'bad-hash');
    const line = JSON.stringify({ text: 'x.png', image_url: '/api/v1/projects/export-pets/items/1/image', image_hash: 'not-a-hash' });
    const result = await importItems(harness.db, owner, copy.id, [line], { format: 'jsonl', mapping: { textField: 'text', imageField: 'image_url' }, media });
    expect(result.status).toBe('failed');
    expect(result.problems[0]?.reason).toMatch(/64 hexadecimal characters/);
  });
});

import { text } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TActor } from '@/server/auth/actor';
import { streamProjectExport } from '@/server/services/data/export-project';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import { createImageProject, createTestMediaContext, makeTestImage } from '@/server/testing/media-fixtures';
import { addImageItem } from './add-image-item';

describe('exports of image projects', () => {
  let harness: TTestHarness;
  let owner: TActor;
  let projectId: number;
  const added: { itemId: number; hash: string }[] = [];

  beforeAll(async () => {
    harness = await createTestHarness();
    owner = await harness.createUser('Owner', 'admin');
    projectId = (await createImageProject(harness, owner, 'export-pets')).id;
    const media = createTestMediaContext();
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
});

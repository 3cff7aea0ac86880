import fs from 'node:fs';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { items, jobs, mediaObjects } from '@/db/schema';
import type { TActor } from '@/server/auth/actor';
import { AppError } from '@/server/errors';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import { createImageProject, createTestMediaContext, makeTestImage } from '@/server/testing/media-fixtures';
import { addImageItem } from './add-image-item';

describe('addImageItem', () => {
  let harness: TTestHarness;
  let owner: TActor;
  const media = createTestMediaContext();

  beforeAll(async () => {
    harness = await createTestHarness();
    owner = await harness.createUser('Owner', 'admin');
  });
  afterAll(() => harness.close());

  it('stores the image once, describes it, and makes an item whose text is the file name and gold label the label', async () => {
    const project = await createImageProject(harness, owner, 'pets');
    const file = await makeTestImage(1, { format: 'jpeg', width: 40, height: 30 });
    const added = await addImageItem(harness.db, media, owner, project.id, { fileName: 'photos\\cats/<img src=x onerror=alert(1)>.jpg', bytes: file, label: 'cat' });
    expect(added.isDuplicate).toBe(false);
    expect(added.image).toMatchObject({ contentType: 'image/jpeg', width: 40, height: 30 });
    const [item] = await harness.db.select().from(items).where(eq(items.id, added.itemId));
    expect(item).toMatchObject({ text: '<img src=x onerror=alert(1)>.jpg', mediaHash: added.image.hash, contentHash: added.image.hash, status: 'open' });
    expect(item?.goldLabelId).not.toBeNull();
    const [row] = await harness.db.select().from(mediaObjects).where(eq(mediaObjects.hash, added.image.hash));
    expect(row).toMatchObject({ storage: 'folder', width: 40, height: 30, bytes: (await media.store.get(added.image.hash)).length });

    // The same image again, in this project and in another: one item here, one stored object overall.
    const again = await addImageItem(harness.db, media, owner, project.id, { fileName: 'copy.jpg', bytes: file });
    expect(again).toMatchObject({ itemId: added.itemId, isDuplicate: true });
    const other = await createImageProject(harness, owner, 'pets-2');
    const elsewhere = await addImageItem(harness.db, media, owner, other.id, { fileName: 'tom.jpg', bytes: file });
    expect(elsewhere.isDuplicate).toBe(false);
    expect(elsewhere.image.hash).toBe(added.image.hash);
    expect(await harness.db.select().from(mediaObjects).where(eq(mediaObjects.hash, added.image.hash))).toHaveLength(1);
  });

  it('refuses a file that is not an image, an unknown label and a text project, writing nothing', async () => {
    const project = await createImageProject(harness, owner, 'refusals');
    const attempt = (input: Parameters<typeof addImageItem>[4], projectId = project.id) => addImageItem(harness.db, media, owner, projectId, input);
    await expect(attempt({ fileName: 'x.svg', bytes: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>') })).rejects.toThrow(/SVG images are not accepted/);
    await expect(attempt({ fileName: 'a.png', bytes: await makeTestImage(2), label: 'horse' })).rejects.toThrow(/Unknown label "horse"/);
    const text = await harness.createProjectAs(owner, 'texts');
    const refused = attempt({ fileName: 'a.png', bytes: await makeTestImage(3) }, text.id);
    await expect(refused).rejects.toBeInstanceOf(AppError);
    await expect(refused).rejects.toThrow(/does not label images/);
    await expect(attempt({ fileName: '  /  ', bytes: await makeTestImage(4) })).rejects.toThrow(/file name/);
    expect(await harness.db.select().from(items).where(eq(items.projectId, project.id))).toHaveLength(0);
  });

  it('keeps only the stored files under the media folder (no partial files left behind)', async () => {
    const project = await createImageProject(harness, owner, 'files');
    const added = await addImageItem(harness.db, media, owner, project.id, { fileName: 'a.png', bytes: await makeTestImage(9) });
    const root = path.dirname(media.thumbnailDir);
    expect(fs.readdirSync(path.join(root, added.image.hash.slice(0, 2)))).toContain(added.image.hash);
  });

  it('queues one cold-start ordering for a burst of uploads, a few seconds after the first', async () => {
    const project = await createImageProject(harness, owner, 'burst');
    for (let i = 0; i < 4; i++) await addImageItem(harness.db, media, owner, project.id, { fileName: `${i}.png`, bytes: await makeTestImage(20 + i) });
    const queued = await harness.db
      .select({ payload: jobs.payload, status: jobs.status, waitsSeconds: sql<number>`extract(epoch from ${jobs.runAfter} - now())::float8` })
      .from(jobs)
      .where(eq(jobs.projectId, project.id));
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ payload: { mode: 'order', reason: 'import' }, status: 'queued' });
    expect(queued[0]!.waitsSeconds).toBeGreaterThan(0);
    expect(queued[0]!.waitsSeconds).toBeLessThanOrEqual(3);
  });
});

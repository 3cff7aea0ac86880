import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { items } from '@/db/schema';
import type { TActor } from '@/server/auth/actor';
import { importItems } from '@/server/services/data/import-items';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import { createImageProject, createTestMediaContext, makeTestImage } from '@/server/testing/media-fixtures';
import { parseHostAllowList } from './host-allow-list';

describe('importing image projects from files of image URLs', () => {
  let harness: TTestHarness;
  let owner: TActor;
  let server: http.Server;
  let base: string;
  const images = new Map<string, Buffer>();
  const media = createTestMediaContext({ urlHosts: parseHostAllowList('localhost'), allowPrivateAddresses: true });

  beforeAll(async () => {
    harness = await createTestHarness();
    owner = await harness.createUser('Owner', 'admin');
    for (let i = 1; i <= 4; i++) images.set(`/img/${i}.png`, await makeTestImage(i));
    server = http.createServer((request, response) => {
      const image = images.get(request.url ?? '');
      if (image) response.writeHead(200, { 'content-type': 'image/png' }).end(image);
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://localhost:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await harness.close();
  });

  it('imports JSONL rows with image URLs, gold labels and captions; the same image twice is one item', async () => {
    const project = await createImageProject(harness, owner, 'jsonl-urls');
    const file = [
      { url: `${base}/img/1.png`, caption: '<img src=x onerror=alert(1)>', label: 'cat' },
      { url: `${base}/img/2.png`, caption: 'second', label: 'dog' },
      { url: `${base}/img/1.png`, caption: 'again', label: 'cat' },
    ]
      .map((row) => JSON.stringify(row))
      .join('\n');
    const result = await importItems(harness.db, owner, project.id, file, { format: 'jsonl', mapping: { textField: 'caption', labelField: 'label', imageField: 'url' }, media });
    expect(result).toMatchObject({ status: 'succeeded', itemsCreated: 2, duplicatesSkipped: 1 });
    const stored = await harness.db.select().from(items).where(eq(items.projectId, project.id)).orderBy(items.text);
    expect(stored.map((item) => item.text)).toEqual(['<img src=x onerror=alert(1)>', 'second']);
    expect(stored.every((item) => item.mediaHash !== null && item.mediaHash === item.contentHash && item.goldLabelId !== null)).toBe(true);
    // The URL column is the image, not metadata.
    expect(stored[0]?.metadata).toEqual({});
  });

  it('imports a Label Studio JSON export with data.image; the file name becomes the text', async () => {
    const project = await createImageProject(harness, owner, 'label-studio-images');
    const tasks = [
      { data: { image: `${base}/img/3.png` }, annotations: [{ completed_by: 1, result: [{ type: 'choices', from_name: 'choice', to_name: 'image', value: { choices: ['dog'] } }] }] },
      { data: { image: `${base}/img/4.png` } },
    ];
    const result = await importItems(harness.db, owner, project.id, JSON.stringify(tasks), { format: 'label-studio', mapping: { textField: 'image', imageField: 'image' }, media });
    expect(result).toMatchObject({ status: 'succeeded', itemsCreated: 2, annotationsCreated: 1 });
    const stored = await harness.db.select().from(items).where(eq(items.projectId, project.id)).orderBy(items.text);
    expect(stored.map((item) => item.text)).toEqual(['3.png', '4.png']);
  });

  it('is all-or-nothing: an unreachable image or a host off the list reports its row and imports nothing', async () => {
    const project = await createImageProject(harness, owner, 'bad-urls');
    const file = `url,label\n${base}/img/1.png,cat\n${base}/img/missing.png,dog\nhttp://elsewhere.test/a.png,dog\n`;
    const mapping = { textField: 'url', labelField: 'label', imageField: 'url' };
    const result = await importItems(harness.db, owner, project.id, file, { format: 'csv', mapping, media });
    expect(result.status).toBe('failed');
    expect(result.problems.map((problem) => [problem.row, problem.reason.replace(base, '')])).toEqual([
      [2, 'image /img/missing.png: the server answered HTTP 404'],
      [3, "image http://elsewhere.test/a.png: the host elsewhere.test is not on this server's list of image hosts"],
    ]);
    expect(await harness.db.select().from(items).where(eq(items.projectId, project.id))).toHaveLength(0);

    const skipping = await importItems(harness.db, owner, project.id, file, { format: 'csv', mapping, media, skipInvalid: true });
    expect(skipping).toMatchObject({ status: 'succeeded', itemsCreated: 1, rowsRejected: 2 });
  });

  it('reports a row without an image URL, and fetches nothing once the file cannot be imported', async () => {
    const project = await createImageProject(harness, owner, 'missing-url');
    const file = `url,label\n${base}/img/2.png,cat\n,dog\n`;
    const result = await importItems(harness.db, owner, project.id, file, { format: 'csv', mapping: { textField: 'label', imageField: 'url' }, media });
    expect(result.status).toBe('failed');
    expect(result.problems).toEqual([{ row: 2, field: 'url', reason: 'the image URL is missing (no value in "url")' }]);
  });

  it('asks for the image field in image projects and refuses it in text projects', async () => {
    const project = await createImageProject(harness, owner, 'no-image-field');
    await expect(importItems(harness.db, owner, project.id, 'text\na\n', { format: 'csv', mapping: { textField: 'text' }, media })).rejects.toThrow(/imageField/);
    const text = await harness.createProjectAs(owner, 'text-project');
    await expect(importItems(harness.db, owner, text.id, 'text,u\na,b\n', { format: 'csv', mapping: { textField: 'text', imageField: 'u' }, media })).rejects.toThrow(/does not label images/);
  });
});

import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TActor } from '@/server/auth/actor';
import { installAppServices, issueApiToken } from '@/server/testing/app-services';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import { createImageProject, createTestMediaContext, installMediaContext, makeTestImage } from '@/server/testing/media-fixtures';
import { POST as uploadImage } from './route';
import { GET as getImage } from '../items/[itemId]/image/route';

const MAX_BYTES = 1024 * 1024;
const imageBody = async (...args: Parameters<typeof makeTestImage>) => new Uint8Array(await makeTestImage(...args));

describe('image routes: upload one file, serve it to members only', () => {
  let harness: TTestHarness;
  const undo: (() => void)[] = [];
  let annotatorToken: string;
  let managerToken: string;
  let outsiderToken: string;
  let otherProjectItemId: number;

  const upload = (token: string, query: string, body: BodyInit, headers: Record<string, string> = {}) =>
    uploadImage(new Request(`http://localhost:3000/api/v1/projects/pets/images?${query}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, ...headers }, body }), {
      params: Promise.resolve({ slug: 'pets' }),
    });
  const get = (token: string, itemId: number, query = '', headers: Record<string, string> = {}) =>
    getImage(new Request(`http://localhost:3000/api/v1/projects/pets/items/${itemId}/image${query}`, { headers: { authorization: `Bearer ${token}`, ...headers } }), {
      params: Promise.resolve({ slug: 'pets', itemId: String(itemId) }),
    });

  beforeAll(async () => {
    harness = await createTestHarness();
    undo.push(installAppServices(harness));
    undo.push(installMediaContext(createTestMediaContext({ limits: { maxBytes: MAX_BYTES, maxPixels: 4_000_000 } })));
    const manager = await harness.createUser('Manager', 'manager');
    const annotator: TActor = await harness.createUser('Annotator');
    const outsider = await harness.createUser('Outsider', 'manager');
    const project = await createImageProject(harness, manager, 'pets');
    await harness.addToProject(project.id, annotator, 'annotator');
    managerToken = await issueApiToken(harness, manager, project.id);
    annotatorToken = await issueApiToken(harness, annotator, project.id);
    const own = await createImageProject(harness, outsider, 'outsider-own');
    outsiderToken = await issueApiToken(harness, outsider, own.id);
    const ownUpload = await uploadImage(
      new Request('http://localhost:3000/api/v1/projects/outsider-own/images?fileName=mine.png', { method: 'POST', headers: { authorization: `Bearer ${outsiderToken}` }, body: await imageBody(50) }),
      { params: Promise.resolve({ slug: 'outsider-own' }) },
    );
    otherProjectItemId = ((await ownUpload.json()) as { itemId: number }).itemId;
  });
  afterAll(async () => {
    for (const step of undo.reverse()) step();
    await harness.close();
  });

  it('uploads, serves the image with safe headers, a thumbnail, and 304 on a matching ETag', async () => {
    const file = await imageBody(1, { width: 600, height: 300, format: 'jpeg' });
    const created = await upload(managerToken, `fileName=${encodeURIComponent('"><img src=x onerror=alert(1)>.jpg')}&label=cat`, file);
    expect(created.status).toBe(201);
    const body = (await created.json()) as { itemId: number; isDuplicate: boolean; image: { hash: string; width: number } };
    expect(body).toMatchObject({ isDuplicate: false, image: { width: 600, height: 300, contentType: 'image/jpeg' } });
    expect((await upload(managerToken, 'fileName=again.jpg', file)).status).toBe(200);

    const original = await get(annotatorToken, body.itemId);
    expect(original.status).toBe(200);
    expect(Object.fromEntries(original.headers)).toMatchObject({
      'content-type': 'image/jpeg',
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
      'content-disposition': 'inline; filename="img_src_x_onerror_alert_1_.jpg"',
      etag: `"${body.image.hash}-original"`,
    });
    expect(original.headers.get('cache-control')).toContain('immutable');
    expect((await sharp(Buffer.from(await original.arrayBuffer())).metadata()).width).toBe(600);

    const thumbnail = await get(annotatorToken, body.itemId, '?size=thumbnail');
    expect(thumbnail.headers.get('content-type')).toBe('image/webp');
    const meta = await sharp(Buffer.from(await thumbnail.arrayBuffer())).metadata();
    expect([meta.width, meta.height]).toEqual([256, 128]);
    // Made once, then read from disk: the same bytes.
    const again = await get(annotatorToken, body.itemId, '?size=thumbnail');
    expect(Buffer.from(await again.arrayBuffer()).equals(Buffer.from(await (await get(annotatorToken, body.itemId, '?size=thumbnail')).arrayBuffer()))).toBe(true);

    const cached = await get(annotatorToken, body.itemId, '', { 'if-none-match': `"${body.image.hash}-original"` });
    expect(cached.status).toBe(304);
    expect((await get(annotatorToken, body.itemId, '?size=huge')).status).toBe(400);
  });

  it('gives outsiders and other projects’ items the same 404, and annotators may not upload', async () => {
    const created = (await (await upload(managerToken, 'fileName=b.png', await imageBody(2))).json()) as { itemId: number };
    expect((await get(outsiderToken, created.itemId)).status).toBe(404);
    // An item of another project, asked for through this project's address.
    expect((await get(managerToken, otherProjectItemId)).status).toBe(404);
    expect((await upload(annotatorToken, 'fileName=c.png', await imageBody(3))).status).toBe(403);
    const anonymous = await getImage(new Request(`http://localhost:3000/api/v1/projects/pets/items/${created.itemId}/image`), {
      params: Promise.resolve({ slug: 'pets', itemId: String(created.itemId) }),
    });
    expect(anonymous.status).toBe(401);
  });

  it('refuses SVG, files over the size limit and a missing file name with clear messages', async () => {
    const svg = await upload(managerToken, 'fileName=x.svg', '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>');
    expect(svg.status).toBe(400);
    expect(((await svg.json()) as { error: { message: string } }).error.message).toMatch(/SVG images are not accepted/);
    const large = await upload(managerToken, 'fileName=big.png', new Uint8Array(MAX_BYTES + 1));
    expect(large.status).toBe(413);
    expect((await upload(managerToken, '', await imageBody(4))).status).toBe(400);
    const crossSite = await uploadImage(
      new Request('http://localhost:3000/api/v1/projects/pets/images?fileName=a.png', { method: 'POST', headers: { 'sec-fetch-site': 'cross-site' }, body: await imageBody(5) }),
      { params: Promise.resolve({ slug: 'pets' }) },
    );
    expect(crossSite.status).toBe(403);
  });
});

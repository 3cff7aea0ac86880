import { expect, test, type Page } from '@playwright/test';
import sharp from 'sharp';
import { E2E_DEMO_URL } from './config';
import { DEMO_ACCOUNTS, newDemoPage } from './fixtures';

/**
 * Image classification on the demo instance: a manager creates an image project in the browser and
 * uploads images (one of them broken, one named with markup), an annotator labels ten images with the
 * keyboard alone, the markup in the file name stays text, and the image route serves members only,
 * with headers that keep an image from ever running as a page.
 */
test.describe.configure({ mode: 'serial' });

const SLUG = 'e2e-pets';
const XSS_NAME = '<img src=x onerror="window.__xss=1;alert(1)">.png';

async function makeImage(seed: number): Promise<Buffer> {
  const width = 320;
  const height = 240;
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * (seed + 3) + seed * 53) % 256;
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .png()
    .toBuffer();
}

async function collectDialogs(page: Page): Promise<string[]> {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return dialogs;
}

test('a manager creates an image project and uploads images in the browser; a broken file is listed with its reason', async ({ browser }) => {
  const page = await newDemoPage(browser, DEMO_ACCOUNTS.manager);
  const dialogs = await collectDialogs(page);
  await page.goto('/projects/new');
  await page.getByLabel('Name', { exact: true }).fill('E2E pets');
  await page.getByLabel('Address').fill(SLUG);
  await page.getByRole('radio', { name: /Image classification/ }).check();
  const rows = page.getByTestId('label-row');
  await rows.nth(0).getByLabel('Name').fill('cat');
  await rows.nth(1).getByLabel('Name').fill('dog');
  await page.getByRole('button', { name: 'Create project' }).click();
  await expect(page).toHaveURL(new RegExp(`/projects/${SLUG}$`));

  const added = await page.request.post('/api/trpc/project.addMember', {
    data: { json: { projectId: await readProjectId(page), email: DEMO_ACCOUNTS.annotator1, role: 'annotator' } },
    headers: { origin: E2E_DEMO_URL },
  });
  expect(added.status()).toBe(200);

  await page.goto(`/projects/${SLUG}/data`);
  const files = [
    ...(await Promise.all(Array.from({ length: 9 }, async (_, index) => ({ name: `pet-${index + 1}.png`, mimeType: 'image/png', buffer: await makeImage(index + 1) })))),
    { name: XSS_NAME, mimeType: 'image/png', buffer: await makeImage(42) },
    { name: 'broken.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('not really a jpeg') },
  ];
  await page.getByLabel('Images', { exact: true }).setInputFiles(files);
  await page.getByRole('button', { name: 'Upload 11 images' }).click();
  await expect(page.getByTestId('image-upload-summary')).toHaveText('10 added, 0 already in the project, 1 refused');
  await expect(page.getByRole('list', { name: 'Refused files' })).toContainText('broken.jpg: Not an image that can be read');
  expect(dialogs).toEqual([]);
});

async function readProjectId(page: Page): Promise<number> {
  const response = await page.request.get(`/api/trpc/project.bySlug?input=${encodeURIComponent(JSON.stringify({ json: { slug: SLUG } }))}`);
  const body = (await response.json()) as { result: { data: { json: { id: number } } } };
  return body.result.data.json.id;
}

test('an annotator labels ten images with the keyboard; the image fits with the labels in view and the markup in a file name stays text', async ({ browser }) => {
  const page = await newDemoPage(browser, DEMO_ACCOUNTS.annotator1);
  const dialogs = await collectDialogs(page);
  await page.goto(`/projects/${SLUG}/label`);
  const caption = page.getByTestId('task-text');
  const image = page.getByTestId('item-image');
  const seen: string[] = [];
  for (let n = 0; n < 10; n++) {
    await expect(image).toBeVisible();
    // Loaded and decoded, not a broken-image icon.
    await expect.poll(() => image.evaluate((element: HTMLImageElement) => element.complete && element.naturalWidth)).toBeGreaterThan(0);
    await expect(image).toBeInViewport();
    await expect(page.getByRole('button', { name: /cat\s*1/ })).toBeInViewport();
    const shown = (await caption.textContent()) ?? '';
    expect(seen).not.toContain(shown);
    seen.push(shown);
    if (shown === XSS_NAME) {
      await expect(caption).toHaveText(XSS_NAME);
      await expect(caption.locator('img')).toHaveCount(0);
      await expect(image).toHaveAttribute('alt', XSS_NAME);
    }
    await page.keyboard.press(n % 2 === 0 ? '1' : '2');
    if (n < 9) await expect(caption).not.toHaveText(shown);
  }
  await expect(page.getByText('Nothing left for you to label right now.')).toBeVisible();
  await expect(page.getByText('All saved')).toBeVisible();
  expect(seen).toContain(XSS_NAME);
  expect(dialogs).toEqual([]);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
});

test('the image route serves members with nosniff and a sandboxing CSP, refuses a non-member, and the export names the image', async ({ browser }) => {
  const manager = await newDemoPage(browser, DEMO_ACCOUNTS.manager);
  const exported = await manager.request.get(`/api/v1/projects/${SLUG}/export?format=jsonl&status=all`);
  expect(exported.status()).toBe(200);
  const items = (await exported.text())
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { item_id: string; text: string; final_label: string | null; image_url: string; image_hash: string });
  expect(items).toHaveLength(10);
  expect(items.every((item) => item.final_label !== null && /^[0-9a-f]{64}$/.test(item.image_hash))).toBe(true);
  const url = items[0]!.image_url;
  expect(url).toBe(`/api/v1/projects/${SLUG}/items/${items[0]!.item_id}/image`);

  const served = await manager.request.get(`${url}?size=thumbnail`);
  expect(served.status()).toBe(200);
  expect(served.headers()).toMatchObject({
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'; sandbox",
    etag: `"${items[0]!.image_hash}-thumbnail"`,
  });
  expect(served.headers()['content-type']).toMatch(/^image\/(png|webp)$/);

  // A reviewer of another demo project is not a member of this one: the same 404 as for no such item.
  const outsider = await newDemoPage(browser, DEMO_ACCOUNTS.reviewer);
  expect((await outsider.request.get(url)).status()).toBe(404);
  // Opened directly, the image is a document of its own that can run nothing.
  const opened = await manager.goto(url);
  expect(opened?.headers()['content-security-policy']).toBe("default-src 'none'; sandbox");
});

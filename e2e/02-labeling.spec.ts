import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { E2E_BASE_URL } from './config';
import { ACCOUNTS, expectNoHorizontalScroll, importViaApi, INITIAL_PASSWORD, newSignedInPage, replaceInitialPassword } from './fixtures';

/**
 * Labeling and review: an annotator labels a project with the keyboard alone; on an overlap-2 project
 * two annotators disagree, the item reaches a reviewer who decides it, and the export carries that
 * label. Markup in the data is shown as text and never runs. Own projects and accounts, so the other
 * specs' counts are untouched.
 */
test.describe.configure({ mode: 'serial' });

const PEOPLE = {
  lena: { name: 'Lena Labeler', email: 'lena@e2e.quorum' },
  mo: { name: 'Mo Marker', email: 'mo@e2e.quorum' },
  rhea: { name: 'Rhea Reviewer', email: 'rhea@e2e.quorum' },
} as const;
const XSS_TEXT = 'Great product <img src=x onerror="window.__xss=1;alert(1)"> <script>window.__xss=2</script> would buy again';
const DESK_TEXTS = [
  'The delivery was fast and the box was intact.',
  'Support never answered my emails.',
  XSS_TEXT,
  'It works, nothing special.',
  'Battery died after two days.',
  'Best purchase this year!',
  'The manual is confusing but the device is fine.',
  'Refund took a month.',
  'Exactly as described.',
  `A very long review. ${'It keeps going and going. '.repeat(200)}The end.`,
];

type TTrpcBody<T> = { result?: { data: { json: T } }; error?: { json: { message: string } } };

async function callTrpc<T>(request: APIRequestContext, procedure: string, input: unknown): Promise<T> {
  const response = await request.post(`/api/trpc/${procedure}`, { data: { json: input }, headers: { origin: E2E_BASE_URL } });
  const body = (await response.json()) as TTrpcBody<T>;
  if (!body.result) throw new Error(`${procedure}: ${body.error?.json.message ?? response.status()}`);
  return body.result.data.json;
}

function toCsv(texts: string[]): string {
  return `id,text\n${texts.map((text, index) => `r${index + 1},"${text.replaceAll('"', '""')}"`).join('\n')}\n`;
}

async function createProject(admin: Page, slug: string, name: string, settings: Record<string, unknown>, members: [string, string][]) {
  const labels = [
    { name: 'positive', hotkey: '1', color: '#16a34a' },
    { name: 'negative', hotkey: '2', color: '#dc2626' },
    { name: 'neutral', hotkey: '3', color: '#2563eb' },
  ];
  const project = await callTrpc<{ id: number }>(admin.request, 'project.create', { name, slug, instructions: 'Judge the tone of the review.', labels, settings });
  for (const [email, role] of members) await callTrpc(admin.request, 'project.addMember', { projectId: project.id, email, role });
  return project.id;
}

async function exportJsonl(page: Page, slug: string) {
  const response = await page.request.get(`/api/v1/projects/${slug}/export?format=jsonl&status=all`);
  expect(response.status()).toBe(200);
  const text = await response.text();
  return text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { id: string; text: string; final_label: string | null; final_label_source: string | null; annotations: { annotator: string; labels: string[] }[] });
}

test('the admin sets up two projects, their annotators and a reviewer', async ({ browser }) => {
  const admin = await newSignedInPage(browser, ACCOUNTS.admin.email);
  await admin.goto('/projects');
  for (const person of Object.values(PEOPLE)) {
    await callTrpc(admin.request, 'admin.createUser', { name: person.name, email: person.email, password: INITIAL_PASSWORD, globalRole: 'user' });
    await replaceInitialPassword(browser, person.email);
  }
  const plain = { goldRate: 0, evalFraction: 0, auditRate: 0 };
  await createProject(admin, 'labeling-desk', 'Labeling desk', { ...plain, overlap: 1 }, [[PEOPLE.lena.email, 'annotator']]);
  await createProject(admin, 'double-check', 'Double check', { ...plain, overlap: 2 }, [
    [PEOPLE.lena.email, 'annotator'],
    [PEOPLE.mo.email, 'annotator'],
    [PEOPLE.rhea.email, 'reviewer'],
  ]);
  await admin.goto('/projects/labeling-desk');
  expect((await importViaApi(admin, 'labeling-desk', toCsv(DESK_TEXTS), { format: 'csv', textField: 'text', idField: 'id' })).body.itemsCreated).toBe(10);
  expect((await importViaApi(admin, 'double-check', toCsv(['Free tickets, click now to claim your prize']), { format: 'csv', textField: 'text', idField: 'id' })).body.itemsCreated).toBe(1);
});

test('an annotator labels ten items with the keyboard alone; markup shows as text and runs nothing', async ({ browser }) => {
  const page = await newSignedInPage(browser, PEOPLE.lena.email);
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto('/projects/labeling-desk/label');
  const text = page.getByTestId('task-text');
  await expect(text).toBeVisible();
  await expect(page.getByRole('button', { name: /positive\s*1/ })).toBeVisible();
  await expect(page.getByText('Judge the tone of the review.')).toBeVisible();

  // Help and the skip question open and close from the keyboard.
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toContainText('Label “negative” and go to the next item');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toHaveCount(0);
  await page.keyboard.press(' ');
  await expect(page.getByRole('dialog', { name: /Skip this item/ })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: /Skip this item/ })).toHaveCount(0);

  const seen: string[] = [];
  let droppedSubmissions = 0;
  for (let n = 0; n < 10; n++) {
    const shown = (await text.textContent()) ?? '';
    expect(seen).not.toContain(shown);
    seen.push(shown);
    if (shown === XSS_TEXT) {
      // The literal characters, no element made of them.
      await expect(text).toHaveText(XSS_TEXT);
      await expect(text.locator('img, script')).toHaveCount(0);
    }
    if (n === 3) {
      // A slip: label, take it back, and the same item returns to be labeled again.
      await page.keyboard.press('3');
      await expect(text).not.toHaveText(shown);
      await expect(page.getByRole('button', { name: /Undo last/ })).toBeEnabled();
      await page.keyboard.press('Backspace');
      await expect(text).toHaveText(shown);
    }
    if (n === 5) {
      // The network drops the next request that carries answers: the client sends them again with the same ids.
      await page.route('**/api/v1/projects/*/labeling:exchange', async (route) => {
        const body = JSON.parse(route.request().postData() ?? '{}') as { answers?: unknown[] };
        if (droppedSubmissions > 0 || (body.answers ?? []).length === 0) return route.continue();
        droppedSubmissions++;
        await route.abort('internetdisconnected');
      });
    }
    await page.keyboard.press(n % 2 === 0 ? '1' : '2');
    if (n < 9) await expect(text).not.toHaveText(shown);
  }
  await expect(page.getByText('Nothing left for you to label right now.')).toBeVisible();
  await expect(page.getByTestId('progress-done')).toHaveText('10');
  await expect(page.getByText('All saved')).toBeVisible();
  expect(droppedSubmissions).toBe(1);
  expect(seen).toContain(XSS_TEXT);
  expect(dialogs).toEqual([]);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();

  const admin = await newSignedInPage(browser, ACCOUNTS.admin.email);
  const exported = await exportJsonl(admin, 'labeling-desk');
  expect(exported).toHaveLength(10);
  expect(exported.every((item) => item.final_label_source === 'single' && item.annotations.length === 1)).toBe(true);
  const labelsInOrder = seen.map((shown) => exported.find((item) => item.text === shown)?.final_label);
  expect(labelsInOrder).toEqual(seen.map((_, n) => (n % 2 === 0 ? 'positive' : 'negative')));
});

test('two annotators disagree on an overlap-2 item, one of them on a phone, and neither sees the other’s label', async ({ browser }) => {
  const lena = await newSignedInPage(browser, PEOPLE.lena.email);
  await lena.goto('/projects/double-check/label');
  await expect(lena.getByTestId('task-text')).toHaveText('Free tickets, click now to claim your prize');
  await lena.keyboard.press('1');
  await expect(lena.getByText('Nothing left for you to label right now.')).toBeVisible();

  const mo = await newSignedInPage(browser, PEOPLE.mo.email, { width: 390, height: 844 });
  await mo.goto('/projects/double-check/label');
  await expect(mo.getByTestId('task-text')).toHaveText('Free tickets, click now to claim your prize');
  await expect(mo.getByText('Lena')).toHaveCount(0);
  await expect(mo.getByRole('group', { name: 'Labels' }).getByRole('button')).toHaveCount(3);
  await expectNoHorizontalScroll(mo);
  await mo.getByRole('button', { name: /negative/ }).click();
  await expect(mo.getByText('Nothing left for you to label right now.')).toBeVisible();

  // Annotators have no review screen.
  await mo.goto('/projects/double-check/review');
  await expect(mo.getByRole('heading', { name: 'Not found' })).toBeVisible();
});

test('the reviewer sees both labels, decides the item, and the export carries the decision', async ({ browser }) => {
  const page = await newSignedInPage(browser, PEOPLE.rhea.email);
  await page.goto('/projects/double-check/review');
  const entry = page.getByTestId('review-entry');
  await expect(entry).toHaveCount(1);
  await expect(entry).toContainText('Annotators disagree');
  const rows = page.getByTestId('annotation-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.filter({ hasText: PEOPLE.lena.name })).toContainText('positive');
  await expect(rows.filter({ hasText: PEOPLE.mo.name })).toContainText('negative');
  await expect(page.getByText('Annotators disagree: positive ×1, negative ×1')).toBeVisible();

  await page.getByLabel(/Comment/).fill('A prize offer: spam-like, so negative.');
  await page.getByRole('group', { name: 'Final label' }).getByRole('button', { name: 'negative' }).click();
  await expect(page.getByText('Nothing waits for a review.')).toBeVisible();

  const exported = await exportJsonl(page, 'double-check');
  expect(exported).toHaveLength(1);
  expect(exported[0]).toMatchObject({ final_label: 'negative', final_label_source: 'review' });
  expect(exported[0]?.annotations.map((a) => a.labels[0]).sort()).toEqual(['negative', 'positive']);
});

import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { E2E_BASE_URL } from './config';
import { ACCOUNTS, DEMO_ACCOUNTS, DEMO_PROJECT, expectNoHorizontalScroll, importViaApi, INITIAL_PASSWORD, newDemoPage, newSignedInPage, replaceInitialPassword } from './fixtures';

/**
 * The learning loop end to end: an annotator labels in the browser, the in-app worker retrains in
 * the background, the model page shows the new version with its metrics, the next tasks follow the
 * margin strategy, the simulator runs from the page, and versions can be pinned and downloaded.
 */
test.describe.configure({ mode: 'serial' });

const SLUG = 'learning-lab';
const PEOPLE = {
  lara: { name: 'Lara Learner', email: 'lara@e2e.quorum' },
  theo: { name: 'Theo Tester', email: 'theo@e2e.quorum' },
} as const;
const SPAM_WORDS = ['prize', 'winner', 'free', 'cash', 'bonus', 'offer', 'click', 'urgent', 'deal', 'casino'];
const HAM_WORDS = ['meeting', 'agenda', 'report', 'project', 'lunch', 'schedule', 'review', 'draft', 'team', 'notes'];
const FILLER = ['the', 'and', 'today', 'please', 'your', 'with', 'this', 'about', 'we', 'for', 'new', 'time', 'see', 'all'];
const GOLD_ITEMS = 100;
const OPEN_ITEMS = 200;
const RETRAIN_EVERY = 12;
const LABELED_IN_BROWSER = 24;

type TTrpcBody<T> = { result?: { data: { json: T } }; error?: { json: { message: string } } };
type TExported = { item_id: string; text: string; gold_label: string | null; final_label: string | null; prediction_score: number | null };

async function callTrpc<T>(request: APIRequestContext, procedure: string, input: unknown, kind: 'query' | 'mutation' = 'mutation'): Promise<T> {
  const headers = { origin: E2E_BASE_URL };
  const response =
    kind === 'mutation'
      ? await request.post(`/api/trpc/${procedure}`, { data: { json: input }, headers })
      : await request.get(`/api/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`, { headers });
  const body = (await response.json()) as TTrpcBody<T>;
  if (!body.result) throw new Error(`${procedure}: ${body.error?.json.message ?? response.status()}`);
  return body.result.data.json;
}

/** Seeded texts: spam-ish or ham-ish words among filler, some with a word of the other kind. */
function buildCorpus(): { text: string; label: 'spam' | 'ham' }[] {
  let state = 12345;
  const random = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 4294967296;
  };
  const pick = (words: readonly string[]) => words[Math.floor(random() * words.length)]!;
  return Array.from({ length: GOLD_ITEMS + OPEN_ITEMS }, (_, i) => {
    const label = i % 2 === 0 ? 'spam' : 'ham';
    const own = label === 'spam' ? SPAM_WORDS : HAM_WORDS;
    const other = label === 'spam' ? HAM_WORDS : SPAM_WORDS;
    const words = Array.from({ length: 9 }, (_, w) => (w % 3 === 0 ? pick(own) : random() < 0.15 ? pick(other) : pick(FILLER)));
    return { text: `${words.join(' ')} (message ${i + 1})`, label };
  });
}

/** What a careful annotator answers: the kind of word that dominates. */
function judge(text: string): 'spam' | 'ham' {
  const words = text.toLowerCase().split(/\W+/);
  const spam = words.filter((w) => SPAM_WORDS.includes(w)).length;
  const ham = words.filter((w) => HAM_WORDS.includes(w)).length;
  return spam >= ham ? 'spam' : 'ham';
}

async function exportItems(page: Page): Promise<TExported[]> {
  const response = await page.request.get(`/api/v1/projects/${SLUG}/export?format=jsonl&status=all`);
  expect(response.status()).toBe(200);
  return (await response.text())
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as TExported);
}

let projectId = 0;

test('a data scientist’s project: gold items for evaluation, the rest to label', async ({ browser }) => {
  const admin = await newSignedInPage(browser, ACCOUNTS.admin.email);
  await admin.goto('/projects');
  for (const person of Object.values(PEOPLE)) {
    await callTrpc(admin.request, 'admin.createUser', { name: person.name, email: person.email, password: INITIAL_PASSWORD, globalRole: 'user' });
    await replaceInitialPassword(browser, person.email);
  }
  const labels = [
    { name: 'ham', hotkey: '1', color: '#16a34a' },
    { name: 'spam', hotkey: '2', color: '#dc2626' },
  ];
  const settings = { overlap: 1, goldRate: 0, auditRate: 0, evalFraction: 0.25, retrainEvery: RETRAIN_EVERY, explorationShare: 0, batchDiversity: 'none' };
  projectId = (await callTrpc<{ id: number }>(admin.request, 'project.create', { name: 'Learning lab', slug: SLUG, instructions: 'Spam or not?', labels, settings })).id;
  for (const person of Object.values(PEOPLE)) await callTrpc(admin.request, 'project.addMember', { projectId, email: person.email, role: 'annotator' });

  const corpus = buildCorpus();
  const csv = `id,text,label\n${corpus.map((row, i) => `m${i + 1},"${row.text}",${i < GOLD_ITEMS ? row.label : ''}`).join('\n')}\n`;
  const imported = await importViaApi(admin, SLUG, csv, { format: 'csv', textField: 'text', labelField: 'label', idField: 'id' });
  expect(imported.body.itemsCreated).toBe(GOLD_ITEMS + OPEN_ITEMS);

  await admin.goto(`/projects/${SLUG}/models`);
  await expect(admin.getByTestId('no-model')).toBeVisible();
  // 25% of 300 items = 75, and there are 100 gold items: the evaluation set becomes gold items.
  admin.once('dialog', (dialog) => void dialog.accept());
  await admin.getByRole('button', { name: 'Draw a new evaluation set' }).click();
  await expect(admin.getByText('Drew 75 items from the gold-labeled ones.')).toBeVisible();
  await expect(admin.getByTestId('eval-set')).toContainText('75');
});

test('labels given in the browser retrain the model in the background', async ({ browser }) => {
  const lara = await newSignedInPage(browser, PEOPLE.lara.email);
  await lara.goto(`/projects/${SLUG}/label`);
  const text = lara.getByTestId('task-text');
  for (let n = 0; n < LABELED_IN_BROWSER; n++) {
    await expect(text).toBeVisible();
    const shown = (await text.textContent()) ?? '';
    await lara.keyboard.press(judge(shown) === 'ham' ? '1' : '2');
    await expect(text).not.toHaveText(shown);
  }

  const admin = await newSignedInPage(browser, ACCOUNTS.admin.email);
  await admin.goto(`/projects/${SLUG}/models`);
  // Two trainings were queued (after 12 and 24 labels); the newest version learned from all 24.
  const rows = admin.getByTestId('version-row');
  await expect(rows.first()).toContainText(/v\d/, { timeout: 120_000 });
  await expect(rows.filter({ hasText: 'current' })).toContainText(String(LABELED_IN_BROWSER), { timeout: 120_000 });
  const current = admin.getByTestId('current-model');
  await expect(current).toContainText('Accuracy');
  await expect(current).toContainText(/\d+\.\d%/);
  await expect(current).toContainText(`${LABELED_IN_BROWSER} labels`);
  await expect(current).toContainText('75 items');
  await expect(admin.getByTestId('model-backend')).toContainText('wasm');
});

test('the next task is the one the model is least sure about (margin)', async ({ browser }) => {
  const admin = await newSignedInPage(browser, ACCOUNTS.admin.email);
  await admin.goto(`/projects/${SLUG}/models`);
  await expect(admin.getByTestId('training-status')).toContainText(/Last training finished/, { timeout: 120_000 });
  const candidates = (await exportItems(admin)).filter((item) => item.gold_label === null && item.final_label === null && item.prediction_score !== null);
  expect(candidates.length).toBeGreaterThan(150);

  // A fresh annotator holds no leases: the queue hands out its top item.
  const theo = await newSignedInPage(browser, PEOPLE.theo.email);
  await theo.goto('/projects');
  const task = await callTrpc<{ itemId: number }>(theo.request, 'label.next', { projectId });
  const served = candidates.find((item) => Number(item.item_id) === task.itemId);
  expect(served, 'the served item has a prediction').toBeDefined();
  const scores = candidates.map((item) => item.prediction_score!).sort((a, b) => a - b);
  // Lara's page may still hold up to two leases on the very top items.
  expect(served!.prediction_score!).toBeLessThanOrEqual(scores[2]! + 1e-6);
  expect(scores.at(-1)! - scores[0]!).toBeGreaterThan(0.05);
});

test('the simulator runs from the page, draws the curves and recommends a strategy', async ({ browser }) => {
  const admin = await newSignedInPage(browser, ACCOUNTS.admin.email);
  await admin.goto(`/projects/${SLUG}/models`);
  const form = admin.getByRole('form', { name: 'Run a simulation' });
  for (const name of ['Least confidence', 'Entropy', 'Query by committee']) await form.getByLabel(name).uncheck();
  await form.getByLabel('Random').check();
  await form.getByLabel('Margin').check();
  await form.getByLabel('Label budget').fill('60');
  await form.getByLabel('Batch size').fill('20');
  await form.getByLabel('Seeds').fill('1');
  await form.getByRole('button', { name: 'Run simulation' }).click();
  const result = admin.getByTestId('simulation-result');
  await expect(result).toBeVisible({ timeout: 180_000 });
  await expect(admin.getByTestId('simulation-recommendation')).toContainText(/Recommended: (Random|Margin)/);
  await expect(admin.getByTestId('simulation-table').getByRole('row')).toHaveCount(3);
  await expect(admin.getByTestId('simulation-chart').locator('.recharts-line')).toHaveCount(2);
});

test('versions can be pinned back and downloaded as a tfjs model', async ({ browser }) => {
  const admin = await newSignedInPage(browser, ACCOUNTS.admin.email);
  await admin.goto(`/projects/${SLUG}/models`);
  const rows = admin.getByTestId('version-row');
  await expect(rows.first()).toContainText('current');
  const before = await rows.count();
  await admin.getByRole('button', { name: 'Train now' }).click();
  await expect(rows).toHaveCount(before + 1, { timeout: 120_000 });
  await expect(rows.first()).toContainText('current', { timeout: 120_000 });

  const oldest = rows.last();
  await oldest.getByRole('button', { name: 'Pin (roll back)' }).click();
  await expect(oldest).toContainText('pinned');
  await expect(oldest).toContainText('current');
  await expect(rows.first()).not.toContainText('current');

  const version = ((await oldest.locator('td').nth(1).textContent()) ?? '').match(/v(\d+)/)![1];
  const modelJson = await admin.request.get(`/api/v1/projects/${SLUG}/models/${version}/model.json`);
  expect(modelJson.status()).toBe(200);
  const body = (await modelJson.json()) as { modelTopology: unknown; weightsManifest: { paths: string[] }[]; userDefinedMetadata: { quorum: { classes: string[] } } };
  expect(body.modelTopology).toBeTruthy();
  expect(body.weightsManifest[0]!.paths).toEqual(['./weights.bin']);
  expect(body.userDefinedMetadata.quorum.classes).toEqual(['ham', 'spam']);
  const weights = await admin.request.get(`/api/v1/projects/${SLUG}/models/${version}/weights.bin`);
  expect(weights.status()).toBe(200);
  expect((await weights.body()).length).toBeGreaterThan(1000);

  // An annotator has no model page and no model download.
  const lara = await newSignedInPage(browser, PEOPLE.lara.email);
  await lara.goto(`/projects/${SLUG}/models`);
  await expect(lara.getByRole('heading', { name: 'Not found' })).toBeVisible();
  expect((await lara.request.get(`/api/v1/projects/${SLUG}/models/${version}/model.json`)).status()).toBe(403);
});

test('the strategy and its random share are chosen on the model page', async ({ browser }) => {
  const admin = await newSignedInPage(browser, ACCOUNTS.admin.email);
  await admin.goto(`/projects/${SLUG}/models`);
  const form = admin.getByRole('form', { name: 'What people label next' });
  await form.getByLabel('Random share (%)').fill('150');
  await form.getByRole('button', { name: 'Save strategy' }).click();
  await expect(form.getByRole('alert').filter({ hasText: /^Random share \(%\): .*100/ })).toBeVisible();

  await form.getByRole('radio', { name: /^Entropy/ }).check();
  await form.getByLabel('Random share (%)').fill('12.5');
  await form.getByRole('button', { name: 'Save strategy' }).click();
  await expect(form.getByText('Saved. The queue is reordered in the background.')).toBeVisible();
  await admin.reload();
  await expect(form.getByRole('radio', { name: /^Entropy/ })).toBeChecked();
  await expect(form.getByLabel('Random share (%)')).toHaveValue('12.5');
});

test('the model page works on a phone', async ({ browser }) => {
  const admin = await newSignedInPage(browser, ACCOUNTS.admin.email, { width: 390, height: 844 });
  await admin.goto(`/projects/${SLUG}/models`);
  await expect(admin.getByTestId('current-model')).toBeVisible();
  await expectNoHorizontalScroll(admin);
});

test('the demo project learned from the labels its simulated annotators gave', async ({ browser }) => {
  // Read-only: the quality spec counts the demo's labels, so this spec adds none there.
  const scientist = await newDemoPage(browser, DEMO_ACCOUNTS.scientist);
  await scientist.goto(`/projects/${DEMO_PROJECT}/models`);
  const current = scientist.getByTestId('current-model');
  await expect(current).toBeVisible({ timeout: 120_000 });
  await expect(current).toContainText(/\d+\.\d%/);
  await expect(scientist.getByTestId('eval-set')).toContainText(/of 6,046/);
  await expect(scientist.getByRole('button', { name: 'Train now' })).toBeVisible();
});

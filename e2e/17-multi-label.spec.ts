import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { E2E_DEMO_URL } from './config';
import { DEMO_ACCOUNTS, importViaApi, newDemoPage } from './fixtures';

/**
 * Multi-label text on the demo instance: a manager creates the project in the browser, two annotators
 * choose label sets with the keyboard (keys toggle, Enter sends, '-' answers "none of these"), and a
 * reviewer settles the one item they disagree on by toggling the final set. The export carries the sets.
 */
test.describe.configure({ mode: 'serial' });

const SLUG = 'e2e-topics';
const TEXTS = ['Cup final tonight, and the minister will attend', 'New phone announced', 'Nothing to see here'];

async function callTrpc(request: APIRequestContext, procedure: string, input: unknown): Promise<unknown> {
  const response = await request.post(`/api/trpc/${procedure}`, { data: { json: input }, headers: { origin: E2E_DEMO_URL } });
  expect(response.status(), procedure).toBe(200);
  return ((await response.json()) as { result: { data: { json: unknown } } }).result.data.json;
}

test('a manager creates a multi-label project and imports texts', async ({ browser }) => {
  const page = await newDemoPage(browser, DEMO_ACCOUNTS.manager);
  await page.goto('/projects/new');
  await page.getByLabel('Name', { exact: true }).fill('E2E topics');
  await page.getByLabel('Address').fill(SLUG);
  await page.getByRole('radio', { name: /Multi-label text/ }).check();
  const rows = page.getByTestId('label-row');
  await rows.nth(0).getByLabel('Name').fill('sports');
  await rows.nth(1).getByLabel('Name').fill('politics');
  await page.getByRole('button', { name: /Add label/ }).click();
  await rows.nth(2).getByLabel('Name').fill('tech');
  await page.getByRole('button', { name: 'Create project' }).click();
  await expect(page).toHaveURL(new RegExp(`/projects/${SLUG}$`));

  const projectId = await readProjectId(page);
  await callTrpc(page.request, 'project.update', { projectId, settings: { overlap: 2, overlapShare: 1, goldRate: 0, evalFraction: 0, auditRate: 0 } });
  for (const [email, role] of [
    [DEMO_ACCOUNTS.annotator1, 'annotator'],
    [DEMO_ACCOUNTS.annotator2, 'annotator'],
    [DEMO_ACCOUNTS.reviewer, 'reviewer'],
  ] as const) {
    await callTrpc(page.request, 'project.addMember', { projectId, email, role });
  }
  const csv = ['id,text', ...TEXTS.map((text, index) => `t${index + 1},"${text}"`)].join('\n');
  const imported = await importViaApi(page, SLUG, `${csv}\n`, { format: 'csv', textField: 'text', idField: 'id' });
  expect(imported.body.itemsCreated).toBe(3);
});

async function readProjectId(page: Page): Promise<number> {
  const response = await page.request.get(`/api/trpc/project.bySlug?input=${encodeURIComponent(JSON.stringify({ json: { slug: SLUG } }))}`);
  return ((await response.json()) as { result: { data: { json: { id: number } } } }).result.data.json.id;
}

/** Answers one item by keys: each label's hotkey toggles it, then Enter (or '-' for none). */
async function answer(page: Page, answers: Record<string, string[]>) {
  const text = page.getByTestId('task-text');
  const shown = (await text.textContent()) ?? '';
  const keys = answers[shown];
  if (!keys) throw new Error(`unexpected item: ${shown}`);
  if (keys.length === 0) await page.keyboard.press('-');
  else {
    for (const key of keys) await page.keyboard.press(key);
    // A key pressed twice takes its label back.
    const chosen = new Set(keys.filter((key) => keys.filter((other) => other === key).length % 2 === 1));
    await expect(page.getByRole('group', { name: 'Labels' }).getByRole('button', { pressed: true })).toHaveCount(chosen.size);
    await page.keyboard.press('Enter');
  }
  await expect(text).not.toHaveText(shown);
}

test('two annotators choose label sets by keyboard; an empty Enter asks for a choice', async ({ browser }) => {
  // sports=1, politics=2, tech=3 (the form's default hotkeys).
  const sets: Record<string, Record<string, string[]>> = {
    [DEMO_ACCOUNTS.annotator1]: { [TEXTS[0]!]: ['1', '2'], [TEXTS[1]!]: ['3'], [TEXTS[2]!]: [] },
    [DEMO_ACCOUNTS.annotator2]: { [TEXTS[0]!]: ['2', '3', '1', '3'], [TEXTS[1]!]: ['3', '1'], [TEXTS[2]!]: [] },
  };
  for (const [email, answers] of Object.entries(sets)) {
    const page = await newDemoPage(browser, email);
    await page.goto(`/projects/${SLUG}/label`);
    await expect(page.getByTestId('task-text')).toBeVisible();
    await page.keyboard.press('Enter');
    await expect(page.getByText('Choose at least one label')).toBeVisible();
    for (let n = 0; n < 2; n++) await answer(page, answers);
    // The last item: answered, then the queue is empty.
    const last = (await page.getByTestId('task-text').textContent()) ?? '';
    const keys = answers[last]!;
    if (keys.length === 0) await page.keyboard.press('-');
    else {
      for (const key of keys) await page.keyboard.press(key);
      await page.keyboard.press('Enter');
    }
    await expect(page.getByText('Nothing left for you to label right now.')).toBeVisible();
    await expect(page.getByText('All saved')).toBeVisible();
    await expect(page.getByTestId('history-entry').first()).toBeVisible();
    await page.context().close();
  }
});

test('a reviewer settles the disagreement by toggling the final set; the export carries the sets', async ({ browser }) => {
  const page = await newDemoPage(browser, DEMO_ACCOUNTS.reviewer);
  await page.goto(`/projects/${SLUG}/review`);
  await expect(page.getByTestId('review-text')).toContainText(TEXTS[1]!);
  await expect(page.getByTestId('annotation-row')).toHaveCount(2);
  await expect(page.getByTestId('annotation-row').filter({ hasText: 'sports, tech' })).toHaveCount(1);
  // The final set starts empty (no consensus); choose tech and send.
  await page.keyboard.press('3');
  await expect(page.getByTestId('decide-set')).toContainText('“tech”');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('review-empty')).toBeVisible();

  const manager = await newDemoPage(browser, DEMO_ACCOUNTS.manager);
  const exported = await manager.request.get(`/api/v1/projects/${SLUG}/export?format=jsonl&status=all`);
  const rows = (await exported.text())
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { id: string; final_label: string[] | null; final_label_source: string | null });
  const byId = new Map(rows.map((row) => [row.id, row]));
  expect(byId.get('t1')).toMatchObject({ final_label: ['sports', 'politics'], final_label_source: 'consensus' });
  expect(byId.get('t2')).toMatchObject({ final_label: ['tech'], final_label_source: 'review' });
  expect(byId.get('t3')).toMatchObject({ final_label: [], final_label_source: 'consensus' });
});

const TOPIC_WORDS: Record<string, string[]> = {
  sports: ['match', 'goal', 'league', 'striker', 'referee'],
  politics: ['minister', 'election', 'parliament', 'vote', 'senate'],
  tech: ['phone', 'software', 'chip', 'laptop', 'browser'],
};
const SETS = [['sports'], ['politics'], ['tech'], ['sports', 'politics'], [], ['politics', 'tech']];

test('the project learns from label sets: micro-F1 and a table per label on the models page, the predicted set as a suggestion', async ({ browser }) => {
  const manager = await newDemoPage(browser, DEMO_ACCOUNTS.manager);
  await manager.goto(`/projects/${SLUG}`);
  const projectId = await readProjectId(manager);
  // A third of what is imported next is drawn into the evaluation set; annotators see suggestions.
  await callTrpc(manager.request, 'project.update', { projectId, settings: { evalFraction: 0.3, showModelSuggestion: true } });
  const lines = Array.from({ length: 48 }, (_, i) => {
    const set = SETS[i % SETS.length]!;
    const words = set.flatMap((label) => [TOPIC_WORDS[label]![i % 5]!, TOPIC_WORDS[label]![(i + 2) % 5]!]);
    return JSON.stringify({ id: `m${i}`, text: `${['news', 'today', 'report'][i % 3]} ${words.join(' ')} item ${i}`, final_label: set, final_label_source: 'single' });
  });
  const open = ['the minister won the vote', 'a new laptop chip', 'the striker scored a goal'].map((text, i) => JSON.stringify({ id: `o${i}`, text }));
  const imported = await importViaApi(manager, SLUG, `${[...lines, ...open].join('\n')}\n`, {
    format: 'jsonl',
    mapping: JSON.stringify({ textField: 'text', idField: 'id', finalLabelField: 'final_label', finalLabelSourceField: 'final_label_source' }),
  });
  expect(imported.body.itemsCreated).toBe(51);
  await callTrpc(manager.request, 'models.train', { projectId });

  await manager.goto(`/projects/${SLUG}/models`);
  const versions = manager.getByTestId('versions-table');
  await expect(versions.getByTestId('version-row').first()).toContainText('current', { timeout: 120_000 });
  await expect(versions).toContainText('Micro-F1');
  await expect(manager.getByTestId('current-model')).toContainText('One-vs-rest sigmoid');
  const perLabel = manager.getByTestId('label-metrics-table');
  for (const label of ['sports', 'politics', 'tech']) await expect(perLabel).toContainText(label);
  // Both tables fit the 1280-pixel window: nothing to scroll sideways.
  for (const table of [versions, perLabel]) expect(await table.locator('[tabindex="0"]').first().evaluate((box) => box.scrollWidth - box.clientWidth)).toBeLessThanOrEqual(0);
  // The strategy form offers the multi-label strategies only.
  await expect(manager.getByRole('radio', { name: /Mean binary entropy/ })).toBeChecked();
  await expect(manager.getByRole('radio', { name: /^Margin/ })).toHaveCount(0);

  const annotator = await newDemoPage(browser, DEMO_ACCOUNTS.annotator1);
  await annotator.goto(`/projects/${SLUG}/label`);
  await expect(annotator.getByTestId('model-suggestion')).toContainText('Model suggestion:');
  await expect(annotator.getByTestId('model-suggestion')).toContainText('%');

  await manager.goto(`/projects/${SLUG}/quality`);
  await expect(manager.getByTestId('chart-model-vs-human')).toContainText('Micro-F1 by number of labels', { timeout: 30_000 });
  // The set agreement can be checked with the CLI: the ratings behind it, one label set per line, and the command.
  await expect(manager.getByTestId('cli-command')).toHaveText('npx quorum agreement ratings.jsonl --categories sports,politics,tech --bootstrap 1000 --seed 1');
  await expect(manager.getByRole('link', { name: 'Download the ratings (JSONL)' })).toHaveAttribute('href', `/projects/${SLUG}/quality/ratings.jsonl`);
  const ratings = await manager.request.get(`/projects/${SLUG}/quality/ratings.jsonl`, { headers: { origin: E2E_DEMO_URL } });
  expect(ratings.status()).toBe(200);
  const first = JSON.parse((await ratings.text()).split('\n')[0]!) as Record<string, unknown>;
  expect(Object.keys(first)).toEqual(['item', 'annotator', 'labels']);
});

import AxeBuilder from '@axe-core/playwright';
import { randomUUID } from 'node:crypto';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { E2E_DEMO_URL } from './config';
import { DEMO_ACCOUNTS, DEMO_PROJECT, expectNoHorizontalScroll, importViaApi, newDemoPage } from './fixtures';

/**
 * The project overview and the projects list on the demo instance, as a manager, a reviewer and an
 * annotator; the model page's read-only view; the favicon; and an automated accessibility check
 * (axe) of every project page each role can open.
 */
test.describe.configure({ mode: 'serial' });

const BASE = `/projects/${DEMO_PROJECT}`;

type TTrpcResult<T> = { result?: { data: { json: T } }; error?: { json: { message: string } } };

async function callTrpc<T>(request: APIRequestContext, procedure: string, input: unknown, kind: 'query' | 'mutation' = 'mutation'): Promise<T> {
  const headers = { origin: E2E_DEMO_URL };
  const response =
    kind === 'mutation'
      ? await request.post(`/api/trpc/${procedure}`, { data: { json: input }, headers })
      : await request.get(`/api/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`, { headers });
  const body = (await response.json()) as TTrpcResult<T>;
  if (!body.result) throw new Error(`${procedure}: ${body.error?.json.message ?? response.status()}`);
  return body.result.data.json;
}

/** The serious or critical axe violations of the page, each as its rule and where it hit. */
async function findSeriousAxeViolations(page: Page, what: string): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${what}: ${violation.id} (${violation.impact}): ${violation.help}\n    ${violation.nodes.map((node) => node.target.join(' ')).slice(0, 5).join('\n    ')}`);
}

/** Waits for a page's client-side content (charts, tables) before it is checked. */
async function openAndSettle(page: Page, path: string) {
  const response = await page.goto(path);
  expect(response?.status(), path).toBe(200);
  await page.waitForLoadState('networkidle');
}

test('a manager sees where the demo project stands and what to do next', async ({ browser }) => {
  const page = await newDemoPage(browser, DEMO_ACCOUNTS.manager);
  await openAndSettle(page, BASE);
  const overview = page.getByTestId('project-overview');
  await expect(overview).toBeVisible();
  const bar = page.getByTestId('overview-progress').getByRole('img');
  await expect(bar).toHaveAttribute('aria-label', /^Progress of [\d,]+ items: Labeled [\d,]+ \(\S+\), In review [\d,]+ \(\S+\), In overlap [\d,]+ \(\S+\), Remaining [\d,]+/);
  // The four parts add up to the total the bar names.
  const label = (await bar.getAttribute('aria-label'))!;
  const numbers = [...label.matchAll(/([\d,]+)(?= items| \()/g)].map((match) => Number(match[1]!.replaceAll(',', '')));
  expect(numbers[0]).toBeGreaterThan(0);
  expect(numbers.slice(1).reduce((sum, n) => sum + n, 0)).toBe(numbers[0]);
  await expect(page.getByTestId('overview-label-distribution')).toBeVisible();
  await expect(page.getByTestId('overview-model')).toBeVisible();
  await expect(page.getByTestId('overview-agreement')).toBeVisible();
  await expect(page.getByTestId('throughput-everyone')).toBeVisible();
  await expect(page.getByTestId('primary-action')).toHaveText(/^(Review \([\d,]+ waiting\)|Start labeling)$/);
  await expectNoHorizontalScroll(page);
  await page.screenshot({ path: test.info().outputPath('overview-manager.png'), fullPage: true });

  await openAndSettle(page, '/projects');
  const card = page.getByTestId(`project-progress-${DEMO_PROJECT}`);
  await expect(card.getByRole('img')).toHaveAttribute('aria-label', /^Progress of [\d,]+ items: Labeled/);
  await page.context().close();
});

test('an annotator sees progress, their own labels today and "Start labeling", and no quality figures', async ({ browser }) => {
  const page = await newDemoPage(browser, DEMO_ACCOUNTS.annotator1);
  await openAndSettle(page, BASE);
  await expect(page.getByTestId('overview-progress')).toBeVisible();
  await expect(page.getByTestId('throughput-mine')).toHaveText(/^[\d,]+$/);
  await expect(page.getByTestId('primary-action')).toHaveText('Start labeling');
  for (const hidden of ['throughput-everyone', 'overview-label-distribution', 'overview-model', 'overview-agreement', 'overview-attention']) {
    await expect(page.getByTestId(hidden), hidden).toHaveCount(0);
  }
  await page.getByTestId('primary-action').click();
  await expect(page).toHaveURL(new RegExp(`${BASE}/label$`));
  await page.context().close();
});

test('a reviewer reads the learning settings as text, not as disabled inputs', async ({ browser }) => {
  const page = await newDemoPage(browser, DEMO_ACCOUNTS.reviewer);
  await openAndSettle(page, `${BASE}/models`);
  const settings = page.getByTestId('learning-settings-readonly');
  await expect(settings).toBeVisible();
  await expect(settings).toContainText('Sampling strategy');
  await expect(settings.locator('input, select, textarea, button')).toHaveCount(0);
  await expect(page.locator('main').locator('input:disabled, select:disabled, fieldset:disabled')).toHaveCount(0);
  await page.context().close();
});

test('every page has a favicon', async ({ browser }) => {
  const page = await newDemoPage(browser, DEMO_ACCOUNTS.manager);
  await openAndSettle(page, BASE);
  const href = await page.locator('link[rel="icon"]').first().getAttribute('href');
  expect(href).toMatch(/^\/icon\.svg/);
  const response = await page.request.get(href!);
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toContain('image/svg+xml');
  await page.context().close();
});

test('the annotator table scrolls inside its card at 1280 px instead of running off the page', async ({ browser }) => {
  const page = await newDemoPage(browser, DEMO_ACCOUNTS.manager);
  await openAndSettle(page, `${BASE}/quality`);
  const table = page.getByTestId('table-annotators');
  await expect(table).toBeVisible();
  await expectNoHorizontalScroll(page);
  await table.scrollIntoViewIfNeeded();
  const card = page.locator('section', { has: page.locator('#annotators-heading') });
  const cardBox = (await card.boundingBox())!;
  const right = async (locator: typeof table) => {
    const box = (await locator.boundingBox())!;
    return box.x + box.width;
  };
  expect(await right(table)).toBeLessThanOrEqual(cardBox.x + cardBox.width + 1);
  // At 1280 px the columns fit the card (11 columns ran past it); should they not, the box scrolls.
  const scroller = table.locator('div.overflow-x-auto, div.overflow-auto').first();
  expect(await scroller.evaluate((element) => element.scrollWidth - element.clientWidth)).toBeLessThanOrEqual(0);
  await scroller.evaluate((element) => element.scrollTo({ left: element.scrollWidth }));
  expect(await right(table.locator('thead th').last())).toBeLessThanOrEqual(cardBox.x + cardBox.width + 1);
  await page.context().close();
});

test('α and percent agreement have an axis each, and α is off the accuracy chart’s percentage axis', async ({ browser }) => {
  const page = await newDemoPage(browser, DEMO_ACCOUNTS.manager);
  await openAndSettle(page, `${BASE}/quality`);
  const overTime = page.getByTestId('chart-agreement-over-time');
  await expect(overTime.locator('.recharts-yAxis')).toHaveCount(2);
  await expect(overTime).toContainText('Krippendorff’s α (left axis)');
  await expect(overTime).toContainText('Percent agreement (right axis)');
  await expect(page.getByTestId('chart-model-vs-human').locator('.recharts-legend-wrapper')).not.toContainText('α');
  await page.context().close();
});

test('an agreement-over-time chart without data says why and what fills it', async ({ browser }) => {
  const page = await newDemoPage(browser, DEMO_ACCOUNTS.manager);
  const slug = `no-overlap-${randomUUID().slice(0, 8)}`;
  const project = await callTrpc<{ id: number; labels: { id: number }[] }>(page.request, 'project.create', {
    name: 'No overlap',
    slug,
    labels: [
      { name: 'yes', hotkey: '1', color: '#0072B2' },
      { name: 'no', hotkey: '2', color: '#E69F00' },
    ],
    settings: { overlap: 1, goldRate: 0, evalFraction: 0, auditRate: 0 },
  });
  await page.goto('/projects');
  const imported = await importViaApi(page, slug, 'text\nfirst message\nsecond message\n', { format: 'csv', textField: 'text' });
  expect(imported.status).toBe(200);
  const task = await callTrpc<{ itemId: number } | null>(page.request, 'label.next', { projectId: project.id });
  await callTrpc(page.request, 'label.submit', { projectId: project.id, itemId: task!.itemId, labelId: project.labels[0]!.id, clientId: randomUUID(), leadTimeMs: 1000 });
  await openAndSettle(page, `/projects/${slug}/quality`);
  await expect(page.getByTestId('quality-report')).toBeVisible();
  const empty = page.getByTestId('chart-agreement-over-time-empty');
  await expect(empty).toContainText('needs, within one');
  await expect(empty).toContainText('overlap above 1');
  await expect(page.getByTestId('chart-agreement-over-time')).toHaveCount(0);
  await page.context().close();
});

const MANAGER_PAGES = ['', '/quality', '/models', '/data', '/members', '/settings'];

test('axe finds no serious or critical violation on the manager’s pages', async ({ browser }) => {
  const page = await newDemoPage(browser, DEMO_ACCOUNTS.manager);
  // Every page is checked before the verdict, so one run lists everything there is to fix.
  const violations: string[] = [];
  for (const path of ['/projects', ...MANAGER_PAGES.map((suffix) => `${BASE}${suffix}`)]) {
    await openAndSettle(page, path);
    violations.push(...(await findSeriousAxeViolations(page, `${path} (manager)`)));
  }
  expect(violations).toEqual([]);
  await page.context().close();
});

test('axe finds no serious or critical violation on the annotator’s pages', async ({ browser }) => {
  const page = await newDemoPage(browser, DEMO_ACCOUNTS.annotator1);
  const violations: string[] = [];
  for (const path of ['/projects', BASE]) {
    await openAndSettle(page, path);
    violations.push(...(await findSeriousAxeViolations(page, `${path} (annotator)`)));
  }
  expect(violations).toEqual([]);
  await page.context().close();
});

test('keyboard focus is visible on the overview’s links and buttons', async ({ browser }) => {
  const page = await newDemoPage(browser, DEMO_ACCOUNTS.manager);
  await openAndSettle(page, BASE);
  // Tab to the main button as a keyboard user would, so :focus-visible applies.
  for (let presses = 0; presses < 40; presses++) {
    await page.keyboard.press('Tab');
    if (await page.getByTestId('primary-action').evaluate((element) => element === document.activeElement)) break;
  }
  await expect(page.getByTestId('primary-action')).toBeFocused();
  const outline = await page.getByTestId('primary-action').evaluate((element) => {
    const style = getComputedStyle(element);
    return { style: style.outlineStyle, width: parseFloat(style.outlineWidth) };
  });
  expect(outline.style).not.toBe('none');
  expect(outline.width).toBeGreaterThanOrEqual(2);
  await page.context().close();
});

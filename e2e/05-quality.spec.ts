import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { E2E_DEMO_URL } from './config';
import { DEMO_ACCOUNTS, DEMO_PROJECT, expectNoHorizontalScroll, importViaApi, newDemoPage } from './fixtures';

/**
 * The quality report on the demo instance. A project is labeled here, through the HTTP API, by four
 * of the demo's people acting as annotators of known accuracy (one of them a coin toss), each taking
 * tasks from the real queue; the demo project itself was labeled by simulated annotators before the
 * server started (e2e/start-server.ts). A manager then reads both reports.
 */
test.describe.configure({ mode: 'serial' });

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '..');
const SLUG = 'quality-check';
const ITEMS = 90;
const GOLD_EVERY = 3;
/** Who labels, and how often they give the true label. */
const LABELERS = [
  { email: DEMO_ACCOUNTS.annotator1, accuracy: 0.95 },
  { email: DEMO_ACCOUNTS.annotator2, accuracy: 0.9 },
  { email: DEMO_ACCOUNTS.reviewer, accuracy: 0.9 },
  { email: DEMO_ACCOUNTS.scientist, accuracy: 0.5 },
];
const CHARTS = ['chart-model-vs-human', 'chart-agreement-over-time', 'chart-label-distribution', 'chart-throughput', 'chart-time-spent'];

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

/** A seeded generator, so the annotators' answers are the same on every run. */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let projectId = 0;

test('four people label a project through the queue, one of them at chance', async ({ browser }) => {
  test.setTimeout(300_000);
  const manager = await newDemoPage(browser, DEMO_ACCOUNTS.manager);
  const project = await callTrpc<{ id: number; labels: { id: number; name: string }[] }>(manager.request, 'project.create', {
    name: 'Quality check',
    slug: SLUG,
    labels: [
      { name: 'spam', hotkey: '1', color: '#dc2626' },
      { name: 'ham', hotkey: '2', color: '#16a34a' },
    ],
    // Three annotators per item, no audit or evaluation draws; a third of the items are gold checks.
    settings: { overlap: 3, overlapShare: 1, goldRate: 0.15, evalFraction: 0, auditRate: 0 },
  });
  projectId = project.id;
  for (const labeler of LABELERS) await callTrpc(manager.request, 'project.addMember', { projectId, email: labeler.email, role: 'annotator' });

  const random = createRandom(2024);
  const truth = new Map<string, string>();
  const rows = ['id,text,label'];
  for (let i = 1; i <= ITEMS; i++) {
    const label = random() < 0.5 ? 'spam' : 'ham';
    const text = `Message ${i}: ${label === 'spam' ? 'limited offer, claim your prize' : 'minutes of the team meeting'} #${i}`;
    truth.set(text, label);
    rows.push(`m${i},"${text}",${i % GOLD_EVERY === 0 ? label : ''}`);
  }
  await manager.goto('/projects');
  const imported = await importViaApi(manager, SLUG, `${rows.join('\n')}\n`, { format: 'csv', textField: 'text', labelField: 'label', idField: 'id' });
  expect(imported.status).toBe(200);
  expect(imported.body.itemsCreated).toBe(ITEMS);

  const labelId = new Map(project.labels.map((label) => [label.name, label.id]));
  const pages = await Promise.all(LABELERS.map((labeler) => newDemoPage(browser, labeler.email)));
  const done = new Set<number>();
  const given = LABELERS.map(() => 0);
  // Everyone takes turns until the queue has nothing left for anyone.
  while (done.size < LABELERS.length) {
    for (const [index, labeler] of LABELERS.entries()) {
      if (done.has(index)) continue;
      const task = await callTrpc<{ itemId: number; text: string } | null>(pages[index]!.request, 'label.next', { projectId });
      if (!task) {
        done.add(index);
        continue;
      }
      const right = truth.get(task.text)!;
      const answer = random() < labeler.accuracy ? right : right === 'spam' ? 'ham' : 'spam';
      await callTrpc(pages[index]!.request, 'label.submit', {
        projectId,
        itemId: task.itemId,
        labelId: labelId.get(answer)!,
        clientId: randomUUID(),
        leadTimeMs: Math.round(3000 + 6000 * random()),
      });
      given[index]!++;
    }
  }
  // Every plain item got its three labels, and everyone answered the gold checks they were served.
  expect(given.reduce((sum, n) => sum + n, 0)).toBeGreaterThanOrEqual((ITEMS - ITEMS / GOLD_EVERY) * 3);
  for (const n of given) expect(n).toBeGreaterThan(20);
});

test('the manager sees whether the labels can be trusted, with every chart drawn and the weak annotator flagged', async ({ browser }, testInfo) => {
  const page = await newDemoPage(browser, DEMO_ACCOUNTS.manager);
  await page.goto(`/projects/${SLUG}`);
  await page.getByRole('navigation', { name: 'Project' }).getByRole('link', { name: 'Quality' }).click();
  await expect(page).toHaveURL(new RegExp(`/projects/${SLUG}/quality$`));
  await expectReportReady(page);
  await expect(page.getByTestId('verdict-labels')).toHaveText(/^(Yes|With care|Not yet)$/);
  await expect(page.getByTestId('verdict-model')).toHaveText('No model yet');
  await expect(page.getByTestId('verdict-gain')).toHaveText('No simulation yet');
  await expectChartsDrawn(page);

  const annotators = page.getByTestId('table-annotators').getByRole('row');
  await expect(annotators).toHaveCount(1 + LABELERS.length);
  const flags = page.getByTestId('annotator-flag');
  await expect(flags).toHaveCount(1);
  await expect(annotators.filter({ has: flags })).toContainText('Dana Scientist');
  await expect(flags).toContainText(/Gold accuracy|Agreement with the consensus of others/);

  await testInfo.attach('quality report', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });
  await page.setViewportSize({ width: 390, height: 844 });
  await expectNoHorizontalScroll(page);
  await testInfo.attach('quality report at 390 px', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });
});

test('the CLI prints the numbers the report shows, from the downloadable ratings', async ({ browser }) => {
  // The CLI starts from TypeScript and bootstraps 1000 resamples: allow it time on a busy machine.
  test.setTimeout(180_000);
  const page = await newDemoPage(browser, DEMO_ACCOUNTS.manager);
  await page.goto(`/projects/${SLUG}/quality`);
  await expectReportReady(page);
  const command = (await page.getByTestId('cli-command').textContent())!.trim();
  expect(command).toBe('npx quorum agreement ratings.jsonl --categories spam,ham --bootstrap 1000 --seed 1');

  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'quorum-e2e-quality-'));
  try {
    const ratingsDownload = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Download the ratings (JSONL)' }).click();
    const ratingsFile = path.join(directory, 'ratings.jsonl');
    await (await ratingsDownload).saveAs(ratingsFile);
    const args = command.split(' ').slice(2);
    args[1] = ratingsFile;
    const { stdout } = await run(process.execPath, ['bin/quorum.js', ...args], { cwd: ROOT, maxBuffer: 16 << 20 });
    const cli = JSON.parse(stdout) as Record<string, { value: number | null; ci95?: [number, number] | null }>;

    const tableDownload = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download CSV: Agreement coefficients' }).click();
    const csv = fs.readFileSync(await (await tableDownload).path(), 'utf8').trim().split(/\r?\n/);
    expect(csv[0]).toBe('Coefficient,Value,95% CI,Note');
    for (const key of ['percent_agreement', 'cohen_kappa_mean', 'fleiss_kappa', 'krippendorff_alpha', 'gwet_ac1']) {
      const row = csv.find((line) => line.startsWith(`${key},`))!;
      const [, value, interval] = row.split(',');
      expect(Number(value), key).toBe(cli[key]!.value);
      expect(interval, key).toBe(`${cli[key]!.ci95![0]} – ${cli[key]!.ci95![1]}`);
    }
    // The table on the page rounds the same numbers.
    const alphaRow = page.getByTestId('table-agreement').getByRole('row').filter({ hasText: 'Krippendorff’s α' });
    await expect(alphaRow).toContainText(cli.krippendorff_alpha!.value!.toFixed(3));
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
});

test('the printable view drops the navigation and the buttons but keeps the charts', async ({ browser }, testInfo) => {
  const page = await newDemoPage(browser, DEMO_ACCOUNTS.manager);
  await page.goto(`/projects/${SLUG}/quality`);
  await expectReportReady(page);
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeHidden();
  await expect(page.getByRole('navigation', { name: 'Project' })).toBeHidden();
  await expect(page.getByRole('button', { name: 'Recompute now' })).toBeHidden();
  await expect(page.getByRole('button', { name: /Download CSV/ }).first()).toBeHidden();
  await expectChartsDrawn(page);
  await testInfo.attach('quality report, print view', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });
});

test('annotators never see the report or the ratings behind it', async ({ browser }) => {
  const page = await newDemoPage(browser, DEMO_ACCOUNTS.annotator1);
  await page.goto(`/projects/${SLUG}`);
  await expect(page.getByRole('navigation', { name: 'Project' }).getByRole('link', { name: 'Quality' })).toHaveCount(0);
  const response = await page.goto(`/projects/${SLUG}/quality`);
  expect(response?.status()).toBe(404);
  await expect(page.getByTestId('quality-report')).toHaveCount(0);
  const ratings = await page.request.get(`/projects/${SLUG}/quality/ratings.jsonl`, { headers: { origin: E2E_DEMO_URL } });
  expect(ratings.status()).toBe(403);
  await expect(callTrpc(page.request, 'quality.report', { projectId }, 'query')).rejects.toThrow(/role/);
});

test('the demo project’s report shows the simulated annotators’ work', async ({ browser }, testInfo) => {
  const page = await newDemoPage(browser, DEMO_ACCOUNTS.manager);
  await page.goto(`/projects/${DEMO_PROJECT}/quality`);
  await expectReportReady(page);
  const annotators = page.getByTestId('table-annotators');
  for (let n = 1; n <= 4; n++) await expect(annotators).toContainText(`Simulated annotator ${n}`);
  // The simulation dated its labels over two weeks.
  await expect.poll(() => page.getByTestId('chart-throughput').locator('.recharts-bar-rectangle').count()).toBeGreaterThanOrEqual(10);
  await expect.poll(() => page.getByTestId('chart-time-spent').locator('.recharts-bar-rectangle').count()).toBe(4);
  await testInfo.attach('demo quality report', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });
});

async function expectReportReady(page: Page) {
  await expect(page.getByTestId('quality-report')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('verdicts')).toBeVisible({ timeout: 60_000 });
}

/** Each chart drew marks, not just axes: bars, line points or the human band. */
async function expectChartsDrawn(page: Page) {
  const marks = '.recharts-bar-rectangle, .recharts-line-dot, .recharts-area-area, .recharts-line-curve';
  for (const chart of CHARTS) {
    await expect(page.getByTestId(chart).locator('svg').first(), chart).toBeVisible();
    await expect.poll(() => page.getByTestId(chart).locator(marks).count(), { message: `${chart} has marks` }).toBeGreaterThan(0);
  }
}

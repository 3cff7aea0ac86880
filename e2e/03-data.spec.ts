import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, test, type Page } from '@playwright/test';
import Papa from 'papaparse';
import { E2E_BASE_URL, E2E_DATA_DIR } from './config';
import { ACCOUNTS, newSignedInPage } from './fixtures';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '..');

test.describe.configure({ mode: 'serial' });

const GOOD_CSV = 'ticket,body,team\nT-1,"Card charged twice, please refund",billing\nT-2,"App crashes when I press <b>Save</b>",technical\nT-3,"Where is your office?",other\n';
const BROKEN_CSV = 'ticket,body,team\nT-4,Invoice missing,billing\nT-5,Printer on fire,hardware\nT-6,,technical\n';

async function projectCounts(page: Page) {
  await page.goto('/projects');
  const card = page.getByRole('listitem').filter({ hasText: 'Support tickets' });
  return card.locator('dd').allTextContents();
}

async function chooseFile(page: Page, name: string, content: string) {
  await page.locator('input[type=file]').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(content) });
}

test('a manager uploads a CSV, checks the preview, maps the columns and imports it', async ({ browser }) => {
  const page = await newSignedInPage(browser, ACCOUNTS.admin.email);
  await page.goto('/projects/support-tickets/data');
  await chooseFile(page, 'tickets.csv', GOOD_CSV);
  const preview = page.getByRole('table', { name: 'Preview of the first rows' });
  await expect(preview).toContainText('Card charged twice, please refund');
  // Markup in the data is shown as text.
  await expect(preview.getByText('App crashes when I press <b>Save</b>')).toBeVisible();
  await page.getByLabel('Text field').selectOption('body');
  await page.getByLabel('Gold label field').selectOption('team');
  await page.getByLabel('External id field').selectOption('ticket');
  await expect(preview.getByRole('columnheader', { name: 'body (text)' })).toBeVisible();
  await page.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByTestId('import-report')).toContainText('Imported: 3 new items, 0 duplicates skipped');
  await expect(page.getByTestId('import-run').first()).toContainText('tickets.csv');
  // Items counts gold checks too; all three are gold-labeled checks here, so nothing is work to be done.
  expect(await projectCounts(page)).toEqual(['3', '—', '0']);
});

test('a broken file shows each problem with its row and leaves the project unchanged', async ({ browser }) => {
  const page = await newSignedInPage(browser, ACCOUNTS.admin.email);
  await page.goto('/projects/support-tickets/data');
  await chooseFile(page, 'broken.csv', BROKEN_CSV);
  // The preview numbers its rows as the problem table below will.
  const previewRow = page.getByRole('table', { name: 'Preview of the first rows' }).getByRole('row', { name: /T-5/ });
  await expect(previewRow.getByRole('cell').first()).toHaveText('2');
  await page.getByLabel('Text field').selectOption('body');
  await page.getByLabel('Gold label field').selectOption('team');
  await page.getByLabel('External id field').selectOption('ticket');
  await page.getByRole('button', { name: 'Import' }).click();
  const report = page.getByTestId('import-report');
  await expect(report).toContainText('2 problems found; nothing was imported. The project is unchanged.');
  const problems = report.getByRole('table', { name: 'Problems' });
  // Row numbers as the preview table shows them: T-5 is the file's second row after the header.
  await expect(problems.getByRole('row').nth(1)).toContainText(/2\s*team\s*unknown label "hardware"/);
  await expect(problems.getByRole('row').nth(2)).toContainText(/3\s*body\s*text is empty/);
  expect(await projectCounts(page)).toEqual(['3', '—', '0']);

  // Asking to skip invalid rows imports the good one and lists the rest.
  await page.goto('/projects/support-tickets/data');
  await chooseFile(page, 'broken.csv', BROKEN_CSV);
  await page.getByLabel('Text field').selectOption('body');
  await page.getByLabel('Gold label field').selectOption('team');
  await page.getByLabel('External id field').selectOption('ticket');
  await page.getByLabel(/Skip invalid rows/).check();
  await page.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByTestId('import-report')).toContainText('Imported: 1 new items, 0 duplicates skipped, 0 annotations (0 already stored), 2 rows rejected.');
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download the rejected rows' }).click();
  const rejected = fs.readFileSync(await (await download).path(), 'utf8');
  // The rejected rows come back in their original columns, ready to fix and import again.
  const rows = Papa.parse<string[]>(rejected.trim()).data;
  expect(rows[0]).toEqual(['quorum_row', 'ticket', 'body', 'team', 'quorum_problem']);
  expect(rows[1]?.slice(0, 4)).toEqual(['2', 'T-5', 'Printer on fire', 'hardware']);
  expect(rows[1]?.[4]).toMatch(/^team: unknown label "hardware"/);
  expect(rows[2]?.slice(0, 4)).toEqual(['3', 'T-6', '', 'technical']);
});

test('the export downloads every item', async ({ browser }) => {
  const page = await newSignedInPage(browser, ACCOUNTS.admin.email);
  await page.goto('/projects/support-tickets/data');
  await page.getByLabel('Format').selectOption('csv');
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download export' }).click();
  const csv = fs.readFileSync(await (await download).path(), 'utf8');
  expect(csv.split(/\r?\n/)[0]).toBe('id,item_id,text,metadata,gold_label,final_label,final_label_source,annotations,prediction_label,prediction_score,model_version');
  for (const id of ['T-1', 'T-2', 'T-3', 'T-4']) expect(csv).toContain(`${id},`);
});

test('the CLI imports and exports through the running server with an API token', async ({ browser }) => {
  const page = await newSignedInPage(browser, ACCOUNTS.admin.email);
  await page.goto('/account/tokens');
  await page.getByLabel('Name').fill('cli');
  await page.getByLabel('Project').selectOption({ label: 'Support tickets' });
  await page.getByRole('button', { name: 'Create token' }).click();
  const token = await page.getByLabel('New API token').inputValue();
  expect(token).toMatch(/^qrm_/);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quorum-cli-'));
  const file = path.join(dir, 'more.jsonl');
  fs.writeFileSync(file, '{"ticket":"T-9","body":"Refund not received","team":"billing"}\n{"ticket":"T-10","body":"","team":"billing"}\n');
  const cli = (args: string[]) => run(process.execPath, ['bin/quorum.js', ...args], { cwd: ROOT, env: { ...process.env, QUORUM_DATA_DIR: E2E_DATA_DIR } });
  const remote = ['--url', E2E_BASE_URL, '--token', token];

  const rejects = path.join(dir, 'rejected.jsonl');
  const importArgs = ['import', file, '--project', 'support-tickets', '--text-field', 'body', '--label-field', 'team', '--id-field', 'ticket'];
  const imported = await cli([...importArgs, '--skip-invalid', '--rejects', rejects, ...remote]);
  expect(imported.stdout).toMatch(/^imported 2 rows of more\.jsonl \(jsonl\) into support-tickets: 1 new item, 0 duplicates skipped, 1 row rejected\n/);
  // The rejected row comes back from the server as it was sent, with its row number and problem.
  const rejected = fs.readFileSync(rejects, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
  expect(rejected).toEqual([{ ticket: 'T-10', body: '', team: 'billing', quorum_row: 2, quorum_problem: expect.stringMatching(/^body: /) }]);
  const listed = await cli(['project', 'list', ...remote]);
  expect(listed.stdout).toMatch(/support-tickets\s+5\s+0\s+Support tickets/);
  const exported = await cli(['export', '--project', 'support-tickets', '--format', 'jsonl', ...remote]);
  expect(exported.stdout.trim().split('\n')).toHaveLength(5);

  // The token reaches its own project only, and the embedded database is held by the server.
  const other = await cli(['export', '--project', 'secret-project', ...remote]).catch((error: { code: number; stderr: string }) => error);
  expect(other).toMatchObject({ code: 1 });
  expect((other as { stderr: string }).stderr).toMatch(/^quorum: 404 from the server: Project not found/);
  const local = await cli(['project', 'list']).catch((error: { code: number; stderr: string }) => error);
  expect(local).toMatchObject({ code: 1 });
  expect((local as { stderr: string }).stderr).toMatch(/in use by the running app .*--url http:\/\/localhost:3000 --token/);
});

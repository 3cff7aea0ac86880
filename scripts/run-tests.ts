import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { CHROMIUM_PATH } from '../e2e/config';

/**
 * `npm test`: the whole suite. Unit and integration tests on in-memory PGlite, the database tests
 * again on PostgreSQL, then the browser tests against a production build. A stage whose
 * prerequisite is missing is skipped with a warning, unless QUORUM_TEST_REQUIRE_ALL=1 (CI) makes
 * that a failure.
 */
const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';
const STAGES = ['unit', 'postgres', 'e2e'] as const;
type TStage = (typeof STAGES)[number];

const requireAll = process.env.QUORUM_TEST_REQUIRE_ALL === '1';
const onlyIndex = process.argv.indexOf('--only');
const only = onlyIndex >= 0 ? (process.argv[onlyIndex + 1] as TStage) : null;
if (only && !STAGES.includes(only)) throw new Error(`--only takes one of ${STAGES.join(', ')}`);

function run(command: string, args: string[], env: Record<string, string> = {}): boolean {
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status === 0;
}

/**
 * Vitest with its usual output plus a JSON report, so the end of the run can name the failed tests:
 * CI shows only the tail of the output, and the e2e stage runs after the others.
 */
function runVitest(stage: TStage, args: string[], env: Record<string, string>): boolean {
  const report = path.join(os.tmpdir(), `quorum-vitest-${stage}-${process.pid}.json`);
  const passed = run('npx', ['vitest', 'run', ...args, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`], env);
  if (!passed) failures.push(...failedTests(stage, report));
  fs.rmSync(report, { force: true });
  return passed;
}

type TVitestReport = { testResults?: { name: string; assertionResults?: { status: string; fullName: string; failureMessages?: string[] }[]; message?: string }[] };

function failedTests(stage: TStage, report: string): string[] {
  if (!fs.existsSync(report)) return [`${stage}: no report (vitest stopped before writing it)`];
  const parsed = JSON.parse(fs.readFileSync(report, 'utf8')) as TVitestReport;
  const lines: string[] = [];
  for (const file of parsed.testResults ?? []) {
    const where = path.relative(process.cwd(), file.name);
    const failed = (file.assertionResults ?? []).filter((test) => test.status === 'failed');
    for (const test of failed) lines.push(`${stage}: ${where} › ${test.fullName}\n    ${firstLine(test.failureMessages?.[0])}`);
    if (failed.length === 0 && file.message) lines.push(`${stage}: ${where}\n    ${firstLine(file.message)}`);
  }
  return lines;
}

function firstLine(text: string | undefined): string {
  return (text ?? '').split('\n', 1)[0]!.slice(0, 300);
}

const failures: string[] = [];

/**
 * The PostgreSQL stage reruns only the test files that open a test database (through the harness or
 * createTestDatabase, which honour TEST_DATABASE_URL): the rest would run exactly as in the unit
 * stage, and some of them (CLI children, PGlite's own tests) are among the slowest of the suite.
 */
function listDatabaseTestFiles(): string[] {
  const opensTestDatabase = /\b(createTestHarness|createTestDatabase)\b|TEST_DATABASE_URL/;
  const files: string[] = [];
  for (const dir of ['db', 'server', 'app']) {
    for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !entry.name.endsWith('.test.ts')) continue;
      const file = path.join(entry.parentPath, entry.name);
      if (opensTestDatabase.test(fs.readFileSync(file, 'utf8'))) files.push(file);
    }
  }
  return files.sort();
}

async function canConnect(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.end();
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

function skip(stage: TStage, reason: string): boolean {
  const message = `[test] ${stage}: ${reason}`;
  if (requireAll || only === stage) {
    console.error(`${message} (required)`);
    return false;
  }
  console.warn(`\n${message}; SKIPPED. Set it up to run the whole suite (see README).\n`);
  return true;
}

async function runStage(stage: TStage): Promise<boolean> {
  console.info(`\n[test] ── ${stage} ──`);
  switch (stage) {
    case 'unit':
      return runVitest(stage, [], { TEST_DATABASE_URL: '' });
    case 'postgres': {
      const url = process.env.TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL;
      const problem = await canConnect(url);
      if (problem) return skip(stage, `cannot reach PostgreSQL at ${url}: ${problem}`);
      return runVitest(stage, listDatabaseTestFiles(), { TEST_DATABASE_URL: url });
    }
    case 'e2e':
      if (!fs.existsSync(CHROMIUM_PATH)) return skip(stage, `no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH)`);
      return run('npx', ['playwright', 'test'], { DATABASE_URL: '' });
  }
}

const failed: TStage[] = [];
for (const stage of only ? [only] : STAGES) {
  if (!(await runStage(stage))) failed.push(stage);
}
if (failed.length > 0) {
  if (failures.length > 0) console.error(`\n[test] failed tests:\n${failures.join('\n')}`);
  console.error(`\n[test] failed: ${failed.join(', ')}`);
  process.exit(1);
}
console.info('\n[test] all stages passed');

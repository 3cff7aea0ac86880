import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clopperPearsonUpperByBeta, decimalToRatio, exactBinomialCdf, isRatioAtMost, type Ratio } from '@/ml/certify/testing/reference-binomial';
import { createRng } from '@/ml/random';

const ROOT = path.resolve(import.meta.dirname, '../../..');

type TRun = { code: number; stdout: string; stderr: string };

function runQuorum(...args: string[]): Promise<TRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/quorum.js', 'threshold', ...args], { cwd: ROOT }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

type TRow = { score: number; correct: boolean; predicted: string };

/**
 * The fixed-sequence test as the issue states it, computed apart from ml/certify: thresholds from
 * toFixed, counts by filtering, p-values and n_min in exact rational arithmetic, the bound from the
 * incomplete beta function.
 */
function certifyIndependently(rows: TRow[], alpha: Ratio, delta: Ratio, step: number) {
  let minCases = 1;
  while (!isRatioAtMost(exactBinomialCdf(minCases, alpha, 0), delta)) minCases++;
  let certified: { threshold: number; n: number; k: number } | null = null;
  let stoppedAt: { threshold: number; n: number; k: number } | null = null;
  for (let j = 0; j <= Math.round(1 / step); j++) {
    const threshold = Number((1 - j * step).toFixed(6));
    const above = rows.filter((row) => row.score >= threshold);
    const n = above.length;
    const k = above.filter((row) => !row.correct).length;
    if (n < minCases) continue;
    if (!isRatioAtMost(exactBinomialCdf(n, alpha, k), delta)) {
      stoppedAt = { threshold, n, k };
      break;
    }
    certified = { threshold, n, k };
  }
  const deltaValue = Number(delta.num) / Number(delta.den);
  return {
    threshold: certified?.threshold ?? null,
    coverage: (certified?.n ?? 0) / rows.length,
    n: certified?.n ?? 0,
    k: certified?.k ?? 0,
    upperBound: certified ? clopperPearsonUpperByBeta(certified.k, certified.n, deltaValue) : 1,
    minCases,
    stoppedAt,
  };
}

function expectReportToMatch(report: Record<string, unknown>, expected: ReturnType<typeof certifyIndependently>) {
  expect(report).toMatchObject({ threshold: expected.threshold, n: expected.n, k: expected.k, certified: expected.threshold !== null, min_cases: expected.minCases });
  expect(report.coverage).toBeCloseTo(expected.coverage, 12);
  expect(report.upper_bound).toBeCloseTo(expected.upperBound, 9);
}

describe('quorum threshold', () => {
  let dir: string;
  let rows: TRow[];
  const file = (name: string) => path.join(dir, name);

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quorum-threshold-'));
    // Scores on the thousandths, so many fall exactly on a threshold of the default grid; wrong with probability
    // 0.3·(1 − score) (an error rate of 0.15·(1 − λ) above λ); predicted A or B.
    const rng = createRng(11);
    rows = Array.from({ length: 800 }, (_, i) => {
      const score = rng.int(1001) / 1000;
      return { score, correct: rng.next() >= 0.3 * (1 - score), predicted: i % 2 === 0 ? 'A' : 'B' };
    });
    const csvCorrect = (row: TRow, i: number) => (i % 3 === 0 ? (row.correct ? 'TRUE' : 'false') : row.correct ? '1' : '0');
    fs.writeFileSync(file('cases.csv'), `id,Score,correct,predicted\n${rows.map((row, i) => `c${i},${row.score},${csvCorrect(row, i)},${row.predicted}`).join('\n')}\n`);
    fs.writeFileSync(file('headerless.csv'), `${rows.map((row) => `${row.score},${row.correct ? 1 : 0}`).join('\r\n')}\r\n`);
    fs.writeFileSync(file('cases.jsonl'), `${rows.map((row, i) => JSON.stringify({ score: row.score, correct: i % 2 === 0 ? row.correct : Number(row.correct), note: 'ignored' })).join('\n')}\n`);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints the certified threshold of a CSV file as an independent computation finds it', async () => {
    const run = await runQuorum(file('cases.csv'), '--alpha', '0.05', '--delta', '0.1', '--grid-step', '0.01');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Record<string, unknown>;
    const expected = certifyIndependently(rows, decimalToRatio(0.05), decimalToRatio(0.1), 0.01);
    // The example is meant to certify something and to stop before the end of the grid.
    expect(expected.threshold).not.toBeNull();
    expect(expected.stoppedAt).not.toBeNull();
    expectReportToMatch(report, expected);
    expect(report).toMatchObject({ alpha: 0.05, delta: 0.1, form: 'error', grid_step: 0.01, rows: 800 });
    expect(report.stopped_at).toMatchObject(expected.stoppedAt!);
    expect(Object.keys(report).slice(0, 8)).toEqual(['threshold', 'coverage', 'n', 'k', 'upper_bound', 'certified', 'alpha', 'delta']);
    expect(run.stderr).toMatch(new RegExp(`^threshold ${expected.threshold} certified from 800 rows of .*cases\\.csv: `));
  });

  it('reads the same cases as JSONL and as headerless CSV, on the default grid of a thousand steps', async () => {
    const expected = certifyIndependently(rows, decimalToRatio(0.1), decimalToRatio(0.05), 0.001);
    const jsonl = await runQuorum(file('cases.jsonl'), '--alpha', '0.1', '--delta', '0.05');
    expect(jsonl.code).toBe(0);
    expectReportToMatch(JSON.parse(jsonl.stdout) as Record<string, unknown>, expected);
    const headerless = await runQuorum(file('headerless.csv'), '--alpha', '0.1', '--delta', '0.05');
    expect(headerless.stdout).toBe(jsonl.stdout);
  });

  it('certifies a threshold per predicted label at δ/L, and the budget form, as computed independently', async () => {
    const perLabel = await runQuorum(file('cases.csv'), '--form', 'per-label', '--min-precision', 'A=0.92,B=0.88', '--delta', '0.1', '--grid-step', '0.01');
    expect(perLabel.code).toBe(0);
    const report = JSON.parse(perLabel.stdout) as { labels: Record<string, unknown>[]; n: number; k: number; coverage: number; delta_per_label: number };
    expect(report.delta_per_label).toBe(0.05);
    let automatic = 0;
    for (const [label, alpha] of [['A', { num: 8n, den: 100n }], ['B', { num: 12n, den: 100n }]] as const) {
      const expected = certifyIndependently(rows.filter((row) => row.predicted === label), alpha, decimalToRatio(0.05), 0.01);
      expect(expected.threshold, label).not.toBeNull();
      const entry = report.labels.find((entry) => entry.label === label)!;
      expect(entry).toMatchObject({ threshold: expected.threshold, n: expected.n, k: expected.k, predicted: 400 });
      expect(entry.upper_bound).toBeCloseTo(expected.upperBound, 9);
      automatic += expected.n;
    }
    expect(report.n).toBe(automatic);
    expect(report.coverage).toBeCloseTo(automatic / 800, 12);

    const budget = await runQuorum(file('cases.jsonl'), '--form', 'budget', '--alpha', '0.05');
    expect(budget.code).toBe(0);
    // Lowest λ, walking down, with (k + 1)/(n + 1) ≤ 1/20.
    let expected: { threshold: number; n: number; k: number } | null = null;
    for (let j = 0; j <= 1000; j++) {
      const threshold = Number((1 - j / 1000).toFixed(3));
      const above = rows.filter((row) => row.score >= threshold);
      const k = above.filter((row) => !row.correct).length;
      if ((k + 1) * 20 > 801) break;
      expected = { threshold, n: above.length, k };
    }
    expect(expected).not.toBeNull();
    const budgetReport = JSON.parse(budget.stdout) as Record<string, number>;
    expect(budgetReport).toMatchObject({ ...expected, certified: true, rows: 800, form: 'budget' });
    expect(budgetReport.empirical_risk).toBeCloseTo(expected!.k / 800, 12);
  });

  const failures: [string, () => string[], RegExp][] = [
    ['a score above 1', () => [write('bad.csv', 'score,correct\n0.9,1\n0.8,0\n1.5,1\n'), '--alpha', '0.05', '--delta', '0.1'], /bad\.csv row 3 \(line 4\): score must be a number from 0 to 1, got "1\.5"$/],
    ['a correct that is not 0 or 1', () => [write('bad.jsonl', '{"score":0.9,"correct":1}\n\n{"score":0.8,"correct":"yes"}\n'), '--alpha', '0.05', '--delta', '0.1'], /bad\.jsonl row 2 \(line 3\): correct must be 1 or 0 \(or true or false\), got "yes"$/],
    ['a missing file', () => [path.join(dir, 'nowhere.csv'), '--alpha', '0.05', '--delta', '0.1'], /cannot read .*nowhere\.csv: no such file$/],
    ['a missing --delta', () => [file('cases.csv'), '--alpha', '0.05'], /--form error needs --delta/],
    ['--delta in the budget form', () => [file('cases.csv'), '--alpha', '0.05', '--delta', '0.1', '--form', 'budget'], /takes no --delta: its guarantee holds in expectation/],
    ['an α outside (0, 1)', () => [file('cases.csv'), '--alpha', '1.2', '--delta', '0.1'], /--alpha <rate>.* must be a number between 0 and 1/],
    ['a grid step that does not divide 1', () => [file('cases.csv'), '--alpha', '0.1', '--delta', '0.1', '--grid-step', '0.3'], /whole number of intervals/],
  ];
  const write = (name: string, content: string) => {
    fs.writeFileSync(file(name), content);
    return file(name);
  };
  for (const [name, args, message] of failures) {
    it(`exits 1 with a one-line message for ${name}`, async () => {
      const { code, stdout, stderr } = await runQuorum(...args());
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(stderr.trimEnd().split('\n')[0]).toMatch(message);
    });
  }
});

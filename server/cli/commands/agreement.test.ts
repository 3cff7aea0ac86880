import { execFile } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TAgreementReport } from '@/ml/agreement';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const FIXTURES = path.join(import.meta.dirname, 'fixtures/agreement');

type TRun = { code: number; stdout: string; stderr: string };

/** Runs the installed entry point exactly as a user would, from the repository root. */
function runQuorum(...args: string[]): Promise<TRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/quorum.js', ...args], { cwd: ROOT }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

const fixture = (name: string) => path.relative(ROOT, path.join(FIXTURES, name));

describe('quorum agreement', () => {
  it('prints one JSON report for Krippendorff’s 4 × 12 example with the published values', async () => {
    const { code, stdout, stderr } = await runQuorum('agreement', fixture('krippendorff.csv'), '--categories', '1,2,3,4,5');
    // stdout is the report alone; the one-line summary goes to stderr.
    expect(stderr).toBe(`agreement of 12 items, 4 annotators, 41 ratings from ${fixture('krippendorff.csv')}\n`);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as TAgreementReport;
    expect(report).toMatchObject({ items: 12, annotators: 4, ratings: 41 });
    expect(report.krippendorff_alpha.value).toBeCloseTo(0.743, 3);
    expect(report.gwet_ac1.value).toBeCloseTo(0.775, 3);
    expect(report.gwet_ac1.value !== null && report.gwet_ac1.observed_agreement).toBeCloseTo(0.818, 3);
    expect(report.gwet_ac1.value !== null && report.gwet_ac1.chance_agreement).toBeCloseTo(0.19, 3);
    expect(report.fleiss_kappa.value).toBeCloseTo(0.76117, 5);
    expect(report.percent_agreement.value).toBeCloseTo(0.8181818, 7);
    expect(report.cohen_kappa_pairwise.map(({ a, b, n }) => [a, b, n])).toContainEqual(['B', 'D', 10]);
    expect(report.cohen_kappa_mean.value).not.toBeNull();
    expect(report.dawid_skene).toMatchObject({ converged: true });
    expect(report.dawid_skene.annotators).toHaveLength(4);
  });

  it('reads the same data as JSONL (numeric labels) and adds reproducible bootstrap intervals', async () => {
    const args = ['agreement', fixture('krippendorff.jsonl'), '--bootstrap', '100', '--seed', '7'];
    const first = await runQuorum(...args);
    expect(first.code).toBe(0);
    const report = JSON.parse(first.stdout) as TAgreementReport;
    expect(report.krippendorff_alpha.value).toBeCloseTo(0.743, 3);
    expect(report.krippendorff_alpha.value !== null && report.krippendorff_alpha.ci95).toHaveLength(2);
    expect(report.bootstrap).toEqual({ samples: 100, seed: 7 });
    expect((await runQuorum(...args)).stdout).toBe(first.stdout);
  });

  it('gives every defined metric a 95% bootstrap interval by default, and none with --bootstrap 0', async () => {
    const withDefaults = JSON.parse((await runQuorum('agreement', fixture('krippendorff.csv'))).stdout) as TAgreementReport;
    expect(withDefaults.bootstrap).toEqual({ samples: 1000, seed: 1 });
    for (const key of ['percent_agreement', 'cohen_kappa_mean', 'fleiss_kappa', 'krippendorff_alpha', 'gwet_ac1'] as const) {
      const metric = withDefaults[key];
      if (metric.value === null) throw new Error(`${key}: ${metric.reason}`);
      expect(metric.ci95, key).toHaveLength(2);
      expect(metric.ci95![0]).toBeLessThanOrEqual(metric.value);
      expect(metric.ci95![1]).toBeGreaterThanOrEqual(metric.value);
    }
    const without = JSON.parse((await runQuorum('agreement', fixture('krippendorff.csv'), '--bootstrap', '0')).stdout) as TAgreementReport;
    expect(without.bootstrap).toBeNull();
    expect(without.krippendorff_alpha).toMatchObject({ ci95: null });
    expect(without.krippendorff_alpha.value).toBe(withDefaults.krippendorff_alpha.value);
  });

  it('reads a CSV-quoted category list, so a label may contain a comma', async () => {
    const { code, stdout, stderr } = await runQuorum('agreement', fixture('comma-labels.csv'), '--categories', '"yes, surely",no,maybe', '--bootstrap', '0');
    expect(stderr).toMatch(/^agreement of 3 items, 2 annotators, \d+ ratings from .*comma-labels\.csv\n$/);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as TAgreementReport;
    expect(report.categories).toEqual(['yes, surely', 'no', 'maybe']);
    // q = 3 declared categories, one of them unused: Gwet's chance agreement uses all three.
    expect(report.gwet_ac1.value).not.toBeNull();
  });

  const failures: [string, string[], RegExp][] = [
    ['a row with a missing field', [fixture('short-row.csv')], /short-row\.csv line 4: expected 3 fields like the header, got 2$/],
    ['a short row after blank lines and a quoted line break', [fixture('multiline-short-row.csv')], /multiline-short-row\.csv line 7: expected 3 fields/],
    ['a missing column', [fixture('missing-column.csv')], /missing-column\.csv line 1: missing column "annotator"/],
    ['an empty file', [fixture('empty.csv')], /empty\.csv line 1: empty file/],
    ['a duplicate rating', [fixture('duplicate-rating.csv')], /duplicate-rating\.csv line 4: annotator "A" rated item "u1" more than once$/],
    ['malformed JSON', [fixture('bad-json.jsonl')], /bad-json\.jsonl line 2: invalid JSON/],
    ['a label outside --categories', [fixture('krippendorff.csv'), '--categories', '1,2,3'], /krippendorff\.csv line 24: label "4" is not in --categories/],
    ['an unreadable file', [fixture('does-not-exist.csv')], /cannot read .*does-not-exist\.csv: no such file$/],
    ['an unknown extension', ['package.json'], /cannot tell the format of package\.json/],
  ];
  for (const [name, args, message] of failures) {
    it(`exits 1 with a one-line message for ${name}`, async () => {
      const { code, stdout, stderr } = await runQuorum('agreement', ...args);
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(stderr.endsWith('\n')).toBe(true);
      expect(stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(stderr.trimEnd()).toMatch(/^quorum: /);
      expect(stderr.trimEnd()).toMatch(message);
    });
  }
});

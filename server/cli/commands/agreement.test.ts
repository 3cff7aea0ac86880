import { execFile } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TAgreementReport } from '@/ml/agreement';
import type { TMultilabelAgreementReport } from '@/ml/multilabel/multilabel-agreement-report';
import type { TSpanAgreementReport } from '@/ml/spans/span-agreement-report';

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

  it('tells multi-label ratings by their "labels" and prints the set agreement the quality report stores', async () => {
    const { code, stdout, stderr } = await runQuorum('agreement', fixture('label-sets.jsonl'), '--categories', 'sports,politics,tech,weather', '--bootstrap', '200', '--seed', '3');
    expect(stderr).toBe(`multi-label agreement of 4 items, 2 annotators, 8 answers from ${fixture('label-sets.jsonl')}\n`);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as TMultilabelAgreementReport;
    expect(report).toMatchObject({ items: 4, annotators: 2, answers: 8, emptyAnswers: 2, labels: ['sports', 'politics', 'tech', 'weather'], bootstrap: { samples: 200, seed: 3 } });
    // The hand-computed example of server/services/quality/multi-label-agreement.test.ts.
    expect(report.krippendorffAlphaMasi.value).toBeCloseTo(0.798077, 5);
    expect(report.krippendorffAlphaJaccard.value).toBeCloseTo(0.839695, 5);
    expect(report.exactMatchAgreement.value).toBeCloseTo(0.75, 10);
    // A declared label nobody chose still gets its row, in the declared order.
    expect(report.perLabel.map((row) => row.label)).toEqual(['sports', 'politics', 'tech', 'weather']);
  });

  it('tells span ratings by their "spans" and prints the span agreement the quality report stores', async () => {
    const { code, stdout, stderr } = await runQuorum('agreement', fixture('spans.jsonl'), '--categories', 'LOC,PER');
    expect(stderr).toBe(`span agreement of 2 items with two or more answers, 2 annotators, 5 answers from ${fixture('spans.jsonl')}\n`);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as TSpanAgreementReport;
    // The worked example of ml/spans/span-agreement-report.test.ts; item 3 has one answer and drops out.
    expect(report).toMatchObject({ items: 2, annotators: 2, answers: 4, spans: 6, tokens: 10 });
    expect(report.exactF1.value).toBeCloseTo(1 / 3, 12);
    expect(report.partialF1.value).toBeCloseTo(3.5 / 6, 12);
    expect(report.tokenAlpha.value).toBeCloseTo(92 / 206, 12);
    expect(report.unitizingAlpha.value).toBeCloseTo(1 - 0.03 / (10.2 / 380 + 16 / 378), 10);
    expect(report.perLabel.map((row) => row.label)).toEqual(['LOC', 'PER']);
  });

  it('reads span offsets in UTF-16 code units, as Quorum stores and exports them', async () => {
    // "😀 Ann and Bo": the emoji is two UTF-16 units (one code point), so "Bo" is 11..13 and the text 13 long.
    const { code, stdout } = await runQuorum('agreement', fixture('spans-utf16.jsonl'));
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as TSpanAgreementReport).exactF1.value).toBeCloseTo(2 / 3, 12);
  });

  it('reads a line with two kinds\' keys as the kind --kind names', async () => {
    const { code, stdout } = await runQuorum('agreement', fixture('ambiguous-kind.jsonl'), '--kind', 'multi-label', '--bootstrap', '0');
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as TMultilabelAgreementReport).labels).toEqual(['sports', 'tech']);
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
    ['a file mixing kinds', [fixture('mixed-kinds.jsonl')], /mixed-kinds\.jsonl line 4: a single-label \(\{"label"\}\) line in a file of multi-label \(\{"labels"\}\) ratings; one file holds one kind$/],
    ['a line that is not the kind --kind names', [fixture('krippendorff.jsonl'), '--kind', 'spans'], /krippendorff\.jsonl line 1: a single-label \(\{"label"\}\) line in a file of span \(\{"spans"\}\) ratings/],
    ['a first line of two kinds', [fixture('ambiguous-kind.jsonl')], /ambiguous-kind\.jsonl line 1: cannot tell the kind of ratings: the line could be single-label .* or multi-label .*; pass --kind single, multi-label or spans$/],
    ['a label set that is not a list', [fixture('bad-label-set.jsonl')], /bad-label-set\.jsonl line 2: "labels" must be a list of labels, got "sports"$/],
    ['a span offset that is not a whole number', [fixture('bad-span-offset.jsonl')], /bad-span-offset\.jsonl line 2: "spans\[1\]\.end" must be a whole number, got 10\.5$/],
    ['a span outside its text', [fixture('span-outside-text.jsonl')], /span-outside-text\.jsonl line 4: "spans\[0\]" 9\.\.20 lies outside the text \(length 15 in UTF-16 code units\)$/],
    ['a second answer by one annotator on an item', [fixture('duplicate-span-answer.jsonl')], /duplicate-span-answer\.jsonl line 3: annotator "B" answered item "1" more than once$/],
    ['a set label outside --categories', [fixture('label-sets.jsonl'), '--categories', 'sports,politics'], /label-sets\.jsonl line 3: label "tech" is not in --categories \(sports, politics\)$/],
    ['a span label outside --categories', [fixture('spans.jsonl'), '--categories', 'PER'], /spans\.jsonl line 1: label "LOC" is not in --categories \(PER\)$/],
    ['--bootstrap on span ratings', [fixture('spans.jsonl'), '--bootstrap', '100'], /--bootstrap does not apply to span ratings: span agreement has no bootstrap intervals$/],
    ['--seed on span ratings', [fixture('spans.jsonl'), '--kind', 'spans', '--seed', '2'], /--seed does not apply to span ratings/],
    ['span ratings asked for in CSV', [fixture('krippendorff.csv'), '--kind', 'spans'], /krippendorff\.csv: span \(\{"spans"\}\) ratings are read from JSONL, one object per line; CSV holds single labels$/],
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

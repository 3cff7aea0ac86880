import { describe, expect, it } from 'vitest';
import { RatingInputError } from '../agreement/ratings';
import { computeNamedSpanAgreement, type TNamedSpanAnswer } from './compute-named-span-agreement';
import { computeSpanAgreementReport } from './span-agreement-report';
import { tokenizeText } from './tokenize-text';

const ONE = 'Ann met Bob in Paris today';
const TWO = 'New York is big';

function spanOf(text: string, word: string, label: string) {
  const start = text.indexOf(word);
  return { start, end: start + word.length, label };
}

// The worked example of span-agreement-report.test.ts, with labels named.
const ANSWERS: TNamedSpanAnswer[] = [
  { item: '1', annotator: 'A', text: ONE, spans: [spanOf(ONE, 'Ann', 'PER'), spanOf(ONE, 'Paris', 'LOC')] },
  { item: '1', annotator: 'B', text: ONE, spans: [spanOf(ONE, 'Ann', 'PER'), spanOf(ONE, 'Bob', 'PER')] },
  { item: '2', annotator: 'A', text: TWO, spans: [spanOf(TWO, 'New York', 'LOC')] },
  { item: '2', annotator: 'B', text: TWO, spans: [spanOf(TWO, 'York', 'LOC')] },
];

describe('computeNamedSpanAgreement', () => {
  it('gives the hand-computed numbers of the coded report, labels in the declared order', () => {
    const report = computeNamedSpanAgreement(ANSWERS, { labels: ['PER', 'LOC', 'ORG'] });
    expect(report).toMatchObject({ items: 2, annotators: 2, answers: 4, spans: 6, tokens: 10 });
    expect(report.exactF1.value).toBeCloseTo(1 / 3, 12);
    expect(report.tokenAlpha.value).toBeCloseTo(92 / 206, 12);
    expect(report.unitizingAlpha.value).toBeCloseTo(1 - 0.03 / (10.2 / 380 + 16 / 378), 10);
    // Unused labels are left out, as the coded report does.
    expect(report.perLabel.map((row) => row.label)).toEqual(['PER', 'LOC']);
    const coded = computeSpanAgreementReport(
      [
        { item: '1', tokens: tokenizeText(ONE), annotations: ANSWERS.slice(0, 2).map((answer) => ({ annotator: answer.annotator, spans: answer.spans.map(codeSpan) })) },
        { item: '2', tokens: tokenizeText(TWO), annotations: ANSWERS.slice(2).map((answer) => ({ annotator: answer.annotator, spans: answer.spans.map(codeSpan) })) },
      ],
      [
        { id: 0, name: 'PER' },
        { id: 1, name: 'LOC' },
      ],
    );
    expect(report).toEqual(coded);
  });

  it('numbers undeclared labels in order of first appearance', () => {
    expect(computeNamedSpanAgreement(ANSWERS).perLabel.map((row) => row.label)).toEqual(['PER', 'LOC']);
    expect(computeNamedSpanAgreement(ANSWERS, { labels: ['LOC', 'PER'] }).perLabel.map((row) => row.label)).toEqual(['LOC', 'PER']);
  });

  const failures: [string, TNamedSpanAnswer[], { labels?: string[] }, number, RegExp][] = [
    ['a label outside the declared ones', ANSWERS, { labels: ['PER'] }, 0, /label "LOC" is not one of the declared labels/],
    ['a second answer by one annotator', [...ANSWERS, { ...ANSWERS[0]! }], {}, 4, /annotator "A" answered item "1" more than once/],
    ['an item whose text changes', [...ANSWERS, { item: '2', annotator: 'C', text: 'New York is huge', spans: [] }], {}, 4, /item "2" has a different text/],
  ];
  for (const [name, answers, options, at, message] of failures) {
    it(`refuses ${name}, pointing at the answer`, () => {
      let thrown: unknown;
      try {
        computeNamedSpanAgreement(answers, options);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(RatingInputError);
      expect((thrown as RatingInputError).ratingIndex).toBe(at);
      expect((thrown as RatingInputError).message).toMatch(message);
    });
  }
});

function codeSpan({ start, end, label }: { start: number; end: number; label: string }) {
  return { start, end, labelId: label === 'PER' ? 0 : 1 };
}

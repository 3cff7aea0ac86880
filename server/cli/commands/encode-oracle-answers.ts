import type { TSpan } from '@/ml/spans/span-types';
import type { TImportSpans } from '@/server/import';

// A file's answers in the form each simulator takes them. Names are sorted so a run is reproducible
// whatever order the file lists its rows in; a label's index in the sorted list is its id.

/** One class index per item. */
export function encodeClassLabels(answers: readonly string[]): { labels: Int32Array; classNames: string[] } {
  const classNames = [...new Set(answers)].sort();
  const classOf = new Map(classNames.map((name, index) => [name, index]));
  return { labels: Int32Array.from(answers, (name) => classOf.get(name)!), classNames };
}

/** An items × labels 0/1 matrix (row-major), and how many items carry each label. */
export function encodeLabelSets(answers: readonly (readonly string[])[]): { targets: Uint8Array; labelNames: string[]; counts: number[] } {
  const labelNames = [...new Set(answers.flat())].sort();
  const labelOf = new Map(labelNames.map((name, index) => [name, index]));
  const targets = new Uint8Array(answers.length * labelNames.length);
  const counts = new Array<number>(labelNames.length).fill(0);
  answers.forEach((names, item) => {
    for (const name of new Set(names)) {
      const label = labelOf.get(name)!;
      targets[item * labelNames.length + label] = 1;
      counts[label]!++;
    }
  });
  return { targets, labelNames, counts };
}

/** Each item's spans with label ids in place of names. */
export function encodeSpanLists(answers: readonly TImportSpans[]): { spans: TSpan[][]; labelIds: number[]; labelNames: string[] } {
  const labelNames = [...new Set(answers.flatMap((answer) => answer.spans.map((span) => span.label)))].sort();
  const labelOf = new Map(labelNames.map((name, index) => [name, index]));
  return {
    spans: answers.map((answer) => answer.spans.map((span) => ({ start: span.start, end: span.end, labelId: labelOf.get(span.label)! }))),
    labelIds: labelNames.map((_, index) => index),
    labelNames,
  };
}

import { createLabelCodebook } from '../agreement/label-codebook';
import { RatingInputError } from '../agreement/rating-input-error';
import { computeSpanAgreementReport, type TSpanAgreementReport } from './span-agreement-report';
import type { TSpanAnnotation, TSpanItem } from './span-item';
import { tokenizeText } from './tokenize-text';

/** A span naming its label, as files carry it: offsets in UTF-16 code units (as stored), end exclusive. */
export type TNamedSpan = { start: number; end: number; label: string };

/** One annotator's spans on one item, with the item's text (its tokens are the unit of agreement). */
export type TNamedSpanAnswer = { item: string; annotator: string; text: string; spans: readonly TNamedSpan[] };

export type TNamedSpanAgreementOptions = {
  /** The declared labels, in order. Without it, labels are numbered in order of first appearance. */
  labels?: readonly string[];
};

/**
 * computeSpanAgreementReport on answers that name their labels: what the quality report reads from
 * the database and `quorum agreement` from the report's ratings file, so both run this one function
 * and print the same numbers. A label's code is its place in the label list, not a database id:
 * per-label rows follow that order and uα adds its labels up in code order, so the same list
 * gives the same floating-point sums. Items come in order of first appearance, each with its
 * answers in input order. Throws RatingInputError (pointing at the answer) for a label outside the
 * declared ones, a second answer by one annotator on an item, or an item whose text changes.
 */
export function computeNamedSpanAgreement(answers: readonly TNamedSpanAnswer[], options: TNamedSpanAgreementOptions = {}): TSpanAgreementReport {
  const codebook = createLabelCodebook(options.labels, 'label');
  const labels = codebook.names;
  const items = new Map<string, TSpanItem & { annotations: TSpanAnnotation[] }>();
  const texts = new Map<string, string>();
  answers.forEach((answer, index) => {
    let item = items.get(answer.item);
    if (!item) {
      item = { item: answer.item, tokens: tokenizeText(answer.text), annotations: [] };
      items.set(answer.item, item);
      texts.set(answer.item, answer.text);
    } else if (texts.get(answer.item) !== answer.text) {
      throw new RatingInputError(`item "${answer.item}" has a different text than in its first answer`, index);
    }
    if (item.annotations.some((annotation) => annotation.annotator === answer.annotator)) {
      throw new RatingInputError(`annotator "${answer.annotator}" answered item "${answer.item}" more than once`, index);
    }
    const spans = answer.spans.map(({ start, end, label }) => ({ start, end, labelId: codebook.code(label, index) }));
    item.annotations.push({ annotator: answer.annotator, spans });
  });
  return computeSpanAgreementReport(
    [...items.values()],
    labels.map((name, id) => ({ id, name })),
  );
}

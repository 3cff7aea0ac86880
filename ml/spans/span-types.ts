/**
 * A labeled range of an item's text, as stored (db/schema/items.ts TSpan, restated here because ml/
 * imports nothing outside ml/): offsets count UTF-16 code units, as JavaScript strings and Label
 * Studio do; `end` is exclusive; `labelId` is the project label id.
 */
export type TSpan = { start: number; end: number; labelId: number };

/** A range without a label: a selection, or the extent a span covers. */
export type TTextRange = { start: number; end: number };

/** A token of an item's text: UTF-16 offsets, end exclusive. */
export type TToken = {
  start: number;
  end: number;
  /** Letters or digits (Intl.Segmenter's isWordLike); false for punctuation, symbols and emoji. */
  isWordLike: boolean;
};

/** Orders spans by start, then end, then label id: the one order every function here returns. */
export function compareSpans(a: TSpan, b: TSpan): number {
  return a.start - b.start || a.end - b.end || a.labelId - b.labelId;
}

/**
 * A text with astral emoji before the spans, and its offsets both ways (UTF-16 counted by hand,
 * code points checked against Python's len and str.index):
 *   👩‍👩‍👧 is 8 UTF-16 units but 5 code points (−3 after it); 🇫🇷 is 4 units, 2 code points (−2 after it);
 *   "été" is decomposed (e + U+0301), 5 units and 5 code points.
 *   text: 48 UTF-16 units, 43 code points.
 */
export const SPAN_TEXT = '👩‍👩‍👧 Zoë met José in 🇫🇷 Paris, e\u0301te\u0301 2024.';
export const LABEL_IDS_BY_NAME = new Map([
  ['PER', 1],
  ['LOC', 2],
  ['MISC', 3],
]);
export const LABEL_NAMES_BY_ID = new Map([...LABEL_IDS_BY_NAME].map(([name, id]) => [id, name]));

/** [name, UTF-16 start, end, code point start, end, label]. */
export const SPAN_OFFSETS = [
  ['Zoë', 9, 12, 6, 9, 'PER'],
  ['José', 17, 21, 14, 18, 'PER'],
  ['🇫🇷', 25, 29, 22, 24, 'LOC'],
  ['Paris', 30, 35, 25, 30, 'LOC'],
  ['e\u0301te\u0301', 37, 42, 32, 37, 'MISC'],
] as const;

export const STORED_SPANS = SPAN_OFFSETS.map(([, start, end, , , label]) => ({ start, end, labelId: LABEL_IDS_BY_NAME.get(label)! }));

/** The same spans as import and export files name them: UTF-16 offsets and label names. */
export const NAMED_SPANS = SPAN_OFFSETS.map(([, start, end, , , label]) => ({ start, end, label: label as string }));

/*
 * Finds where an oversized CSV record ends without keeping it. papaparse has no size limit: it waits
 * for the end of a row however long it grows (an unclosed quote makes that the end of the file), and
 * csv-parse's `max_record_size` cannot be combined with going on afterwards (with
 * `skip_records_with_error` it silently drops the rest of the chunk). So once a row passes
 * maxRowBytes, this scan passes over the rest of it and parsing starts again after it. Quote parity
 * is all it needs: a record ends at a line break outside quotes, and an escaped quote ("") toggles
 * twice.
 */

const QUOTE = 34;
const LF = 10;

export type TCsvSkipState = { inQuotes: boolean };

/**
 * Scans `text` from `from`, continuing `state` from the previous piece. Returns the offset just past
 * the line break that ends the record (-1 if it does not end in `text`) and how many line breaks it
 * passed, that one included.
 */
export function findCsvRecordEnd(text: string, from: number, state: TCsvSkipState): { end: number; lineBreaks: number } {
  let { inQuotes } = state;
  let lineBreaks = 0;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) inQuotes = !inQuotes;
    else if (c === LF) {
      lineBreaks++;
      if (!inQuotes) {
        state.inQuotes = false;
        return { end: i + 1, lineBreaks };
      }
    }
  }
  state.inQuotes = inQuotes;
  return { end: -1, lineBreaks };
}

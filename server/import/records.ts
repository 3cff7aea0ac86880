import type { TImportProblem } from './types';

/** One record as the file format sees it, before the field mapping. */
export type TRawRecord = {
  /** Data row as the user sees it (TImportProblem.row). */
  row: number;
  /** CSV/TSV: the line the record starts on (the header is on line 1 or later), for reading the file in an editor. */
  line?: number;
  /** A null-prototype object for CSV/TSV; what JSON.parse (JSONL) or stream-json's Assembler (arrays) built. */
  value: unknown;
  /** Set when the reader already knows the record is unusable (malformed, oversized, bad encoding). */
  problem: TImportProblem | null;
};

export type TReadResult = {
  records: TRawRecord[];
  /** About the file rather than one record: header trouble, broken structure. */
  problems: TImportProblem[];
  /** Column names, once (CSV/TSV). */
  header: string[] | null;
  /** Reading cannot go on: the reader has reported why in `problems`. */
  isFatal: boolean;
};

/**
 * Push-style parser: synchronous so the hot loop has no await per record, and usable on a
 * preview's first kilobytes without a stream.
 */
export type TRecordParser = {
  push(text: string, out: TReadResult): void;
  end(out: TReadResult): void;
};

export function createReadResult(): TReadResult {
  return { records: [], problems: [], header: null, isFatal: false };
}

export function describeRowLimit(maxRowBytes: number): string {
  return `row exceeds the maximum row size of ${maxRowBytes} bytes (maxRowBytes); the row was skipped`;
}

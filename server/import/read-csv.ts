import Papa from 'papaparse';
import { INVALID_UTF8_REASON, REPLACEMENT_CHAR, type TDecodeState } from './decode-text';
import { describeRowLimit, type TReadResult, type TRecordParser } from './records';
import { describeColumnLimit, MAX_CSV_COLUMNS } from './metadata-limits';
import { findCsvRecordEnd, type TCsvSkipState } from './skip-csv-record';
import type { TImportProblem } from './types';

/*
 * CSV/TSV rows come from papaparse's incremental parser (`Papa.Parser`, what its own chunked
 * streaming drives): given text, it returns the complete rows, the quote errors of each row, and
 * where the first unfinished row starts. It was chosen over csv-parse, which goes byte by byte: on
 * quoted texts of a few hundred characters papaparse reads five to nine times faster
 * (measure-parse.ts, format csv-long). What this class adds, because an import needs it and
 * papaparse does not do it:
 * - Row numbers as the user sees them: data row 1 is the first non-blank row after the header (a
 *   quoted field with line breaks is still one row), the numbering of the preview table, the error
 *   table, the rejected-rows file and the CLI. Problems with the header itself are row 0. Lines are
 *   counted too, from the rows' own line breaks, to re-read after a stray quote.
 * - A bound on a row's size: papaparse would wait until the end of the file for a quote that never
 *   closes; past maxRowBytes the row is refused and passed over without being kept
 *   (skip-csv-record.ts).
 * - Recovery: after a stray quote papaparse keeps searching for a closing quote and folds the lines
 *   after it into the field; such a row is reported and the lines after its first one read again.
 * - "\r\n" line ends: papaparse takes one line-end style, so a "\r" left at the end of a row goes.
 * A quote inside an unquoted field (`a 5" screen`) stays text, as in Excel.
 */

const NEWLINE = '\n';
const CR = 13;
/** Text parsed per call; a row that does not finish within it is parsed again with twice as much. */
const WINDOW_CHARS = 16 * 1024;
const STRAY_QUOTE_REASON = 'malformed CSV: text follows a closing quote; a quote inside a quoted field must be doubled ("")';
const UNCLOSED_QUOTE_REASON = 'malformed CSV: unclosed quote: a quoted field never ends';

export type TCsvOptions = {
  delimiter: ',' | '\t';
  maxRowBytes: number;
  decode: TDecodeState;
};

/** What `Papa.Parser#parse` returns (typed `any` upstream). */
type TPapaResult = {
  data: string[][];
  errors: { code: string; row?: number; index?: number }[];
  meta: { cursor: number };
};

type TQuoteError = { code: string; index: number };

function isBlankRecord(fields: string[]): boolean {
  for (const field of fields) if (field !== '') return false;
  return true;
}

function countLineBreaks(fields: string[]): number {
  let n = 0;
  for (const field of fields) {
    for (let i = field.indexOf(NEWLINE); i !== -1; i = field.indexOf(NEWLINE, i + 1)) n++;
  }
  return n;
}

/** Offset just past the `lines`-th line break at or after `from` (the end of `text` if there are fewer). */
function skipLines(text: string, from: number, lines: number): number {
  let pos = from;
  for (let i = 0; i < lines; i++) {
    const nl = text.indexOf(NEWLINE, pos);
    if (nl === -1) return text.length;
    pos = nl + 1;
  }
  return pos;
}

function dropCarriageReturn(fields: string[]): void {
  const last = fields.length - 1;
  const value = fields[last]!;
  if (value.charCodeAt(value.length - 1) === CR) fields[last] = value.slice(0, -1);
}

function collectQuoteErrors(result: TPapaResult): Map<number, TQuoteError> | null {
  if (result.errors.length === 0) return null;
  const byRow = new Map<number, TQuoteError>();
  for (const error of result.errors) {
    if (typeof error.row === 'number' && !byRow.has(error.row)) byRow.set(error.row, { code: error.code, index: error.index ?? 0 });
  }
  return byRow;
}

export class CsvReader implements TRecordParser {
  private readonly papa: Papa.Parser;
  /** Text not read into rows yet: from the start of the row in progress (line `line`) on. */
  private pending = '';
  /** Line where the next row starts. */
  private line = 1;
  /** Data rows numbered so far (the header is not one). */
  private dataRows = 0;
  /** Set while passing over an oversized row without keeping it. */
  private skip: (TCsvSkipState & { row: number; line: number; field: string | null }) | null = null;
  private header: string[] | null = null;
  /** Header index → key, null for a column we drop. */
  private keys: (string | null)[] = [];

  constructor(private readonly options: TCsvOptions) {
    this.papa = new Papa.Parser({ delimiter: options.delimiter, newline: NEWLINE, quoteChar: '"' });
  }

  /** Characters held between pushes; tests use it to check memory stays bounded. */
  get bufferedChars(): number {
    return this.pending.length;
  }

  push(text: string, out: TReadResult): void {
    let rest = text;
    if (this.skip) {
      const end = this.advanceSkip(rest, false, out);
      if (end === -1) return;
      rest = rest.slice(end);
    }
    this.pending += rest;
    this.read(false, out);
  }

  end(out: TReadResult): void {
    if (this.skip) this.advanceSkip('', true, out);
    else this.read(true, out);
    this.pending = '';
  }

  private parse(input: string, isFinal: boolean): TPapaResult {
    return this.papa.parse(input, 0, !isFinal) as TPapaResult;
  }

  /**
   * Parses `pending` a window of whole lines at a time: rows then come out the same wherever the
   * chunks were cut, and a quote error in a row papaparse has not finished is real, not a cut.
   */
  private read(isEof: boolean, out: TReadResult): void {
    const { maxRowBytes } = this.options;
    let pos = 0;
    let window = WINDOW_CHARS;
    while (pos < this.pending.length && !out.isFatal) {
      const { pending } = this;
      const limit = Math.min(pending.length, pos + window);
      const nl = pending.lastIndexOf(NEWLINE, limit - 1);
      // At the end of the file the last window takes the unfinished last line too.
      const end = isEof && limit === pending.length ? limit : nl >= pos ? nl + 1 : -1;
      let next = 0;
      if (end !== -1) {
        const input = pending.slice(pos, end);
        next = this.takeRows(input, this.parse(input, isEof && end === pending.length), out);
      }
      if (next > 0) {
        pos += next;
        window = WINDOW_CHARS;
        continue;
      }
      // No row ends within the window.
      if (Math.max(end, limit) - pos > maxRowBytes) {
        const skipped = this.startSkip(pending, pos, isEof, out);
        if (skipped === -1) {
          this.pending = '';
          return;
        }
        pos = skipped;
        continue;
      }
      if (limit === pending.length) break;
      window *= 2;
    }
    this.pending = this.pending.slice(pos);
  }

  /** Takes the rows of one parse of whole lines; returns the offset in `input` to go on from. */
  private takeRows(input: string, result: TPapaResult, out: TReadResult): number {
    const errors = collectQuoteErrors(result);
    const { data } = result;
    let pos = 0;
    for (let i = 0; i < data.length; i++) {
      const fields = data[i]!;
      dropCarriageReturn(fields);
      const start = pos;
      const lines = 1 + countLineBreaks(fields);
      pos = skipLines(input, start, lines);
      const line = this.line;
      this.line += lines;
      const error = errors?.get(i);
      if (!error && isBlankRecord(fields)) continue;
      const row = this.numberRow();
      if (error) {
        this.reportQuoteError(error, input.slice(start, error.index), row, line, out);
        if (lines === 1) continue;
        // The quote took the lines after it into this row: read them again.
        this.line = line + 1;
        return skipLines(input, start, 1);
      }
      if (pos - start > this.options.maxRowBytes) {
        this.report({ row, field: this.describeField(this.findFieldAtLimit(fields)), reason: describeRowLimit(this.options.maxRowBytes) }, line, out);
        continue;
      }
      this.take(fields, row, line, out);
      if (out.isFatal) return result.meta.cursor;
    }
    const unfinished = errors?.get(data.length);
    if (unfinished && !out.isFatal) {
      // A stray quote in the row papaparse is still reading: it would go on to the end of the file
      // looking for a closing quote. Report the row now and read on from its second line.
      const start = result.meta.cursor;
      this.reportQuoteError(unfinished, input.slice(start, unfinished.index), this.numberRow(), this.line, out);
      this.line++;
      return skipLines(input, start, 1);
    }
    return result.meta.cursor;
  }

  /** The number of the row about to be read: 0 for the header, then 1, 2, … for the data rows. */
  private numberRow(): number {
    return this.header ? ++this.dataRows : 0;
  }

  private reportQuoteError(error: TQuoteError, rowUpToField: string, row: number, line: number, out: TReadResult): void {
    const reason = error.code === 'MissingQuotes' ? UNCLOSED_QUOTE_REASON : STRAY_QUOTE_REASON;
    this.report({ row, field: this.describeField(this.findFieldIndex(rowUpToField)), reason }, line, out);
  }

  /** Index of the field that `partialRow` (a row's text up to some point) ends in. */
  private findFieldIndex(partialRow: string): number {
    const first = this.parse(partialRow, true).data[0];
    return first ? first.length - 1 : 0;
  }

  private findFieldAtLimit(fields: string[]): number {
    let total = 0;
    for (let i = 0; i < fields.length; i++) {
      total += fields[i]!.length + 1;
      if (total > this.options.maxRowBytes) return i;
    }
    return fields.length - 1;
  }

  private describeField(index: number): string | null {
    return this.header ? (this.header[index] ?? null) : null;
  }

  /** The row at `pos` runs past maxRowBytes: refuse it and pass over it. Returns where reading goes on, or -1. */
  private startSkip(pending: string, pos: number, isEof: boolean, out: TReadResult): number {
    const field = this.describeField(this.findFieldIndex(pending.slice(pos, pos + this.options.maxRowBytes)));
    this.skip = { row: this.numberRow(), line: this.line, field, inQuotes: false };
    const end = this.advanceSkip(pending.slice(pos), isEof, out);
    return end === -1 ? -1 : pos + end;
  }

  /** Passes over an oversized row; returns the offset in `text` just after it, or -1 if it goes on. */
  private advanceSkip(text: string, isEof: boolean, out: TReadResult): number {
    const skip = this.skip!;
    const found = findCsvRecordEnd(text, 0, skip);
    this.line += found.lineBreaks;
    if (found.end === -1 && !isEof) return -1;
    this.skip = null;
    const reason =
      found.end === -1 && skip.inQuotes
        ? 'unclosed quote: the row starting here never ends, so the rest of the file was not read'
        : describeRowLimit(this.options.maxRowBytes);
    this.report({ row: skip.row, field: skip.field, reason }, skip.line, out);
    return found.end === -1 ? text.length : found.end;
  }

  /** A problem before the header is read is about the whole file. */
  private report(problem: TImportProblem, line: number, out: TReadResult): void {
    if (this.header) {
      out.records.push({ row: problem.row, line, value: undefined, problem });
      return;
    }
    out.problems.push({ ...problem, field: null, reason: `cannot read the header row: ${problem.reason}` });
    out.isFatal = true;
  }

  private take(fields: string[], row: number, line: number, out: TReadResult): void {
    if (!this.header) {
      this.setHeader(fields, row, out);
      return;
    }
    const header = this.header;
    if (fields.length !== header.length) {
      out.records.push({
        row,
        line,
        value: undefined,
        problem: { row, field: null, reason: `malformed CSV: expected ${header.length} columns, found ${fields.length}` },
      });
      return;
    }
    if (this.options.decode.hasInvalidUtf8) {
      for (let i = 0; i < fields.length; i++) {
        if (fields[i]!.includes(REPLACEMENT_CHAR)) {
          out.records.push({ row, line, value: undefined, problem: { row, field: header[i] ?? null, reason: INVALID_UTF8_REASON } });
          return;
        }
      }
    }
    const value: Record<string, string> = Object.create(null);
    const keys = this.keys;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      if (key !== null && key !== undefined) value[key] = fields[i]!;
    }
    out.records.push({ row, line, value, problem: null });
  }

  private setHeader(fields: string[], row: number, out: TReadResult): void {
    if (this.options.decode.hasInvalidUtf8 && fields.some((f) => f.includes(REPLACEMENT_CHAR))) {
      out.problems.push({ row, field: null, reason: `cannot read the header row: ${INVALID_UTF8_REASON}` });
      out.isFatal = true;
      return;
    }
    if (fields.length > MAX_CSV_COLUMNS) {
      out.problems.push({ row, field: null, reason: `cannot read the header row: ${describeColumnLimit(fields.length)}` });
      out.isFatal = true;
      return;
    }
    const seen = new Set<string>();
    const header: string[] = [];
    this.keys = fields.map((raw, i) => {
      const name = raw.trim() === '' ? `column_${i + 1}` : raw.trim();
      header.push(name);
      if (name === '__proto__') {
        out.problems.push({ row, field: name, reason: 'column name "__proto__" is not allowed; the column is ignored' });
        return null;
      }
      if (seen.has(name)) {
        out.problems.push({ row, field: name, reason: `duplicate column name "${name}"; only the first such column is read` });
        return null;
      }
      seen.add(name);
      return name;
    });
    this.header = header;
    out.header = header;
  }
}

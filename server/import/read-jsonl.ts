import { INVALID_UTF8_REASON, REPLACEMENT_CHAR, type TDecodeState } from './decode-text';
import { describeJsonSyntaxError } from './json-syntax';
import { describeRowLimit, type TReadResult, type TRecordParser } from './records';

export type TJsonLinesOptions = { maxRowBytes: number; decode: TDecodeState };

function isBlank(text: string): boolean {
  if (text.length === 0) return true;
  const c = text.charCodeAt(0);
  return (c === 32 || c === 9 || c === 13) && text.trim() === '';
}

/**
 * One JSON value per line, each read by JSON.parse; blank lines are skipped but still counted, so
 * rows are editor line numbers. Only new text is searched for a line break and a partial line is
 * joined once it is complete, so a line arriving a byte at a time costs no more than one arriving
 * whole; past maxRowBytes a line is dropped as it arrives.
 */
export class JsonLinesReader implements TRecordParser {
  /** The line read so far, when it has no line break yet. */
  private carry = '';
  private line = 1;
  /** The current line is over maxRowBytes and is being passed over. */
  private isSkipping = false;

  constructor(private readonly options: TJsonLinesOptions) {}

  /** Characters held between pushes; tests use it to check memory stays bounded. */
  get bufferedChars(): number {
    return this.carry.length;
  }

  push(text: string, out: TReadResult): void {
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      this.takeLine(this.carry === '' ? text.slice(start, nl) : this.carry + text.slice(start, nl), out);
      this.carry = '';
      start = nl + 1;
    }
    if (start === text.length || this.isSkipping) return;
    this.carry += text.slice(start);
    if (this.carry.length > this.options.maxRowBytes) {
      this.isSkipping = true;
      this.carry = '';
    }
  }

  end(out: TReadResult): void {
    if (this.carry !== '' || this.isSkipping) this.takeLine(this.carry, out);
    this.carry = '';
  }

  private takeLine(text: string, out: TReadResult): void {
    const row = this.line;
    this.line++;
    if (this.isSkipping || text.length > this.options.maxRowBytes) {
      this.isSkipping = false;
      out.records.push({ row, value: undefined, problem: { row, field: null, reason: describeRowLimit(this.options.maxRowBytes) } });
      return;
    }
    if (isBlank(text)) return;
    if (this.options.decode.hasInvalidUtf8 && text.includes(REPLACEMENT_CHAR)) {
      out.records.push({ row, value: undefined, problem: { row, field: null, reason: INVALID_UTF8_REASON } });
      return;
    }
    try {
      out.records.push({ row, value: JSON.parse(text), problem: null });
    } catch (error) {
      out.records.push({ row, value: undefined, problem: { row, field: null, reason: describeJsonSyntaxError(error, text, row) } });
    }
  }
}

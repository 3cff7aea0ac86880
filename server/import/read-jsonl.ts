import { INVALID_UTF8_REASON, REPLACEMENT_CHAR, type TDecodeState } from './decode-text';
import { describeJsonSyntaxError } from './json-syntax';
import { describeRowLimit, type TReadResult, type TRecordParser } from './records';

export type TJsonLinesOptions = { maxRowBytes: number; decode: TDecodeState };

function isBlank(text: string): boolean {
  if (text.length === 0) return true;
  const c = text.charCodeAt(0);
  return (c === 32 || c === 9 || c === 13) && text.trim() === '';
}

/** One JSON value per line; blank lines are skipped but still counted, so rows are editor line numbers. */
export class JsonLinesParser implements TRecordParser {
  private buf = '';
  private line = 1;
  /** Row of an over-long line whose rest is being discarded. */
  private skippingRow: number | null = null;

  constructor(private readonly options: TJsonLinesOptions) {}

  /** Characters held between pushes; tests use it to check memory stays bounded. */
  get bufferedChars(): number {
    return this.buf.length;
  }

  push(text: string, out: TReadResult): void {
    this.buf += text;
    this.drain(false, out);
  }

  end(out: TReadResult): void {
    this.drain(true, out);
    this.buf = '';
  }

  private drain(isEof: boolean, out: TReadResult): void {
    const { buf } = this;
    const max = this.options.maxRowBytes;
    let pos = 0;
    while (pos < buf.length) {
      const nl = buf.indexOf('\n', pos);
      if (this.skippingRow !== null) {
        if (nl === -1 && !isEof) {
          pos = buf.length;
          break;
        }
        out.records.push({ row: this.skippingRow, value: undefined, problem: { row: this.skippingRow, field: null, reason: describeRowLimit(max) } });
        this.skippingRow = null;
        pos = nl === -1 ? buf.length : nl + 1;
        this.line++;
        continue;
      }
      if (nl === -1 && !isEof) {
        if (buf.length - pos > max) {
          this.skippingRow = this.line;
          pos = buf.length;
        }
        break;
      }
      const lineEnd = nl === -1 ? buf.length : nl;
      const row = this.line;
      this.line++;
      const start = pos;
      pos = lineEnd + 1;
      if (lineEnd - start > max) {
        out.records.push({ row, value: undefined, problem: { row, field: null, reason: describeRowLimit(max) } });
        continue;
      }
      const text = buf.slice(start, lineEnd);
      if (isBlank(text)) continue;
      if (this.options.decode.hasInvalidUtf8 && text.includes(REPLACEMENT_CHAR)) {
        out.records.push({ row, value: undefined, problem: { row, field: null, reason: INVALID_UTF8_REASON } });
        continue;
      }
      try {
        out.records.push({ row, value: JSON.parse(text), problem: null });
      } catch (error) {
        out.records.push({ row, value: undefined, problem: { row, field: null, reason: describeJsonSyntaxError(error, text, row) } });
      }
    }
    this.buf = pos >= buf.length ? '' : buf.slice(pos);
  }
}

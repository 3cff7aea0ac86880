import { INVALID_UTF8_REASON, REPLACEMENT_CHAR, type TDecodeState } from './decode-text';
import { describeJsonSyntaxError } from './json-syntax';
import { describeRowLimit, type TReadResult, type TRecordParser } from './records';

/*
 * Splits a top-level JSON array into element texts and hands each to JSON.parse, instead of using
 * stream-json's token assembler: its own docs say it is not meant for untrusted input, it builds a
 * 10 MB string value before anyone can refuse it, and it knows no line numbers. This scanner only
 * tracks strings and bracket depth, keeps at most maxRowBytes of one element, and reports where
 * things break. Measured ~2x stream-json's rate (see measure-parse.ts).
 */

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const LBRACKET = 91;
const RBRACKET = 93;
const LBRACE = 123;
const RBRACE = 125;
const LF = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;

type TPhase = 'start' | 'value-or-end' | 'in-element' | 'comma-or-end' | 'after' | 'done';

export type TJsonArrayOptions = { maxRowBytes: number; decode: TDecodeState };

export class JsonArrayParser implements TRecordParser {
  private buf = '';
  private pos = 0;
  /** Absolute character offset of buf[0], for column numbers. */
  private bufOffset = 0;
  private line = 1;
  private lineStartOffset = 0;
  private phase: TPhase = 'start';
  private index = 0;
  private elementStart = 0;
  private elementLine = 1;
  private elementColumn = 1;
  private depth = 0;
  private inString = false;
  private isEscaped = false;
  private isScalar = false;
  /** Past maxRowBytes: scanning on to find its end without keeping its text. */
  private isOversized = false;

  constructor(private readonly options: TJsonArrayOptions) {}

  /** Characters held between pushes; tests use it to check memory stays bounded. */
  get bufferedChars(): number {
    return this.buf.length - this.pos;
  }

  push(text: string, out: TReadResult): void {
    this.buf += text;
    this.drain(out);
    this.compact();
  }

  end(out: TReadResult): void {
    this.drain(out);
    if (this.phase === 'in-element' && this.isScalar) {
      this.finishElement(this.buf.length, out);
    }
    if (this.phase === 'in-element') {
      out.records.push({
        row: this.index,
        value: undefined,
        problem: { row: this.index, field: null, reason: `malformed JSON: the file ends inside this element (it starts at line ${this.elementLine})` },
      });
      this.fail(out, 'malformed JSON: the file ends before the array is closed');
    } else if (this.phase === 'value-or-end' || this.phase === 'comma-or-end') {
      this.fail(out, 'malformed JSON: the file ends before the array is closed');
    }
    this.buf = '';
    this.pos = 0;
  }

  private column(i: number): number {
    return this.bufOffset + i - this.lineStartOffset + 1;
  }

  private fail(out: TReadResult, reason: string): void {
    if (this.phase === 'done') return;
    out.problems.push({ row: Math.max(1, this.index), field: null, reason });
    out.isFatal = true;
    this.phase = 'done';
  }

  private failAt(out: TReadResult, i: number, what: string): void {
    this.fail(out, `malformed JSON at line ${this.line}, column ${this.column(i)}: ${what}; the rest of the file was not read`);
  }

  private compact(): void {
    const keepFrom = this.phase === 'in-element' && !this.isOversized ? this.elementStart : this.pos;
    if (this.phase === 'in-element' && !this.isOversized && this.buf.length - this.elementStart > this.options.maxRowBytes) {
      this.isOversized = true;
      return this.compact();
    }
    if (keepFrom === 0) return;
    this.buf = this.buf.slice(keepFrom);
    this.bufOffset += keepFrom;
    this.elementStart -= keepFrom;
    this.pos -= keepFrom;
  }

  private drain(out: TReadResult): void {
    const buf = this.buf;
    const n = buf.length;
    let i = this.pos;
    while (i < n && this.phase !== 'done') {
      if (this.phase === 'in-element') {
        i = this.scanElement(i, out);
        continue;
      }
      const c = buf.charCodeAt(i);
      if (c === LF) {
        this.line++;
        this.lineStartOffset = this.bufOffset + i + 1;
        i++;
        continue;
      }
      if (c === SPACE || c === TAB || c === CR) {
        i++;
        continue;
      }
      if (this.phase === 'start') {
        if (c === LBRACKET) this.phase = 'value-or-end';
        else
          this.failAt(out, i, c === LBRACE ? 'expected "[": a file of one object per line is JSON Lines (.jsonl)' : `expected "[" but found ${JSON.stringify(buf[i])}`);
        i++;
      } else if (this.phase === 'value-or-end') {
        if (c === RBRACKET) {
          this.phase = 'after';
          i++;
        } else {
          this.startElement(i, c);
          if (!this.isScalar) i++;
        }
      } else if (this.phase === 'comma-or-end') {
        if (c === COMMA) this.phase = 'value-or-end';
        else if (c === RBRACKET) this.phase = 'after';
        else this.failAt(out, i, `expected "," or "]" after element ${this.index} but found ${JSON.stringify(buf[i])}`);
        i++;
      } else if (this.phase === 'after') {
        this.failAt(out, i, 'unexpected content after the closing "]"');
        i++;
      }
    }
    this.pos = i;
  }

  private startElement(i: number, c: number): void {
    this.index++;
    this.phase = 'in-element';
    this.elementStart = i;
    this.elementLine = this.line;
    this.elementColumn = this.column(i);
    this.isOversized = false;
    this.isEscaped = false;
    this.isScalar = false;
    this.inString = c === QUOTE;
    this.depth = c === LBRACE || c === LBRACKET ? 1 : 0;
    this.isScalar = !this.inString && this.depth === 0;
  }

  /** Returns the index to continue from; hot loop, so plain locals. */
  private scanElement(from: number, out: TReadResult): number {
    const buf = this.buf;
    const n = buf.length;
    let { depth, inString, isEscaped } = this;
    let i = from;
    let end = -1;
    if (this.isScalar) {
      for (; i < n; i++) {
        const c = buf.charCodeAt(i);
        if (c === COMMA || c === RBRACKET || c === RBRACE || c === SPACE || c === LF || c === CR || c === TAB) {
          end = i;
          break;
        }
      }
    } else {
      for (; i < n; i++) {
        const c = buf.charCodeAt(i);
        if (inString) {
          if (isEscaped) isEscaped = false;
          else if (c === BACKSLASH) isEscaped = true;
          else if (c === QUOTE) {
            inString = false;
            if (depth === 0) {
              end = i + 1;
              break;
            }
          } else if (c === LF) {
            this.line++;
            this.lineStartOffset = this.bufOffset + i + 1;
          }
        } else if (c === QUOTE) inString = true;
        else if (c === LBRACE || c === LBRACKET) depth++;
        else if (c === RBRACE || c === RBRACKET) {
          depth--;
          if (depth === 0) {
            end = i + 1;
            break;
          }
        } else if (c === LF) {
          this.line++;
          this.lineStartOffset = this.bufOffset + i + 1;
        }
      }
    }
    this.depth = depth;
    this.inString = inString;
    this.isEscaped = isEscaped;
    if (end === -1) return n;
    this.finishElement(end, out);
    return end;
  }

  private finishElement(end: number, out: TReadResult): void {
    const row = this.index;
    this.phase = 'comma-or-end';
    if (this.isOversized || end - this.elementStart > this.options.maxRowBytes) {
      out.records.push({ row, value: undefined, problem: { row, field: null, reason: describeRowLimit(this.options.maxRowBytes) } });
      return;
    }
    const text = this.buf.slice(this.elementStart, end);
    if (this.options.decode.hasInvalidUtf8 && text.includes(REPLACEMENT_CHAR)) {
      out.records.push({ row, value: undefined, problem: { row, field: null, reason: `${INVALID_UTF8_REASON} (element starting at line ${this.elementLine})` } });
      return;
    }
    try {
      out.records.push({ row, value: JSON.parse(text), problem: null });
    } catch (error) {
      out.records.push({ row, value: undefined, problem: { row, field: null, reason: describeJsonSyntaxError(error, text, this.elementLine, this.elementColumn) } });
    }
  }
}

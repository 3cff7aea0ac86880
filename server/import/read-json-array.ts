import Assembler from 'stream-json/assembler.js';
import { jsonParser, type Token } from 'stream-json/parser.js';
import { INVALID_UTF8_REASON, REPLACEMENT_CHAR, type TDecodeState } from './decode-text';
import { describeParserState, findJsonElementEnd, type TJsonSkipState, type TLexeme, type TParserState } from './json-array-recovery';
import { describeJsonPosition, findJsonSyntaxError, LOOKAHEAD_PADDING } from './json-syntax';
import { describeRowLimit, type TReadResult, type TRecordParser } from './records';
import type { TImportProblem } from './types';

/*
 * Reads a top-level JSON array element by element with stream-json: its tokenizer, then its
 * Assembler to build each element. Keys, strings and numbers are streamed in chunks
 * (`packValues: false`), so the tokenizer never holds a whole value; this reader joins the chunks
 * itself and refuses an element as soon as it grows past maxRowBytes or nests deeper than maxDepth,
 * before anything large or deep is built, then follows the tokens to the element's end and reads on.
 * Text goes to the tokenizer a line at a time, so every token's line is known; a line longer than
 * 64 KB is cut after a comma. Syntax errors go through json-array-recovery.ts.
 */

const TOKENIZER_OPTIONS = { packValues: false, streamValues: true };
const MAX_PIECE_CHARS = 64 * 1024;
/** Past this the tokenizer's own stack would grow with the input; reading stops. */
const HARD_MAX_DEPTH = 10_000;

type TTokenizer = ReturnType<typeof jsonParser>;

type TElement = {
  row: number;
  line: number;
  /** Characters of keys, strings and numbers, plus one per bracket and value. */
  size: number;
  problem: TImportProblem | null;
  /** The key being read at the element's top level, which a depth problem is reported against. */
  topKey: string | null;
};

export type TJsonArrayOptions = { maxRowBytes: number; maxDepth: number; decode: TDecodeState };

function isNearLexeme(c: number): boolean {
  // Letters, digits, "\", ".", "+", "-": part of a literal, number or escape.
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 92 || c === 46 || c === 43 || c === 45 || (c >= 0xd800 && c <= 0xdbff);
}

/** Where to cut a line that has no line break within MAX_PIECE_CHARS: after a comma, else outside a literal or escape. */
function findCut(text: string): number {
  const comma = text.lastIndexOf(',', MAX_PIECE_CHARS - 1);
  if (comma > MAX_PIECE_CHARS / 2) return comma + 1;
  let cut = MAX_PIECE_CHARS;
  for (let i = 0; i < 16 && isNearLexeme(text.charCodeAt(cut - 1)); i++) cut--;
  return cut;
}

function createTokenizer(prefix: string): TTokenizer {
  const tokenize = jsonParser(TOKENIZER_OPTIONS);
  // The prefix only sets the tokenizer's state; its tokens are not wanted.
  if (prefix !== '') tokenize(prefix);
  return tokenize;
}

function findLastSignificant(text: string): string {
  for (let i = text.length - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) return text[i]!;
  }
  return '';
}

export class JsonArrayReader implements TRecordParser {
  private tokenize = createTokenizer('');
  private out: TReadResult | null = null;
  /** The line read so far, when it has no line break yet. */
  private carry = '';
  private line = 1;
  /** Column of `carry`'s first character. */
  private column = 1;
  private isStopped = false;
  private readonly state: TParserState & { stack: boolean[] } = { phase: 'start', stack: [], last: 'open', lexeme: null, lastSignificant: '' };
  /** The key, string or number being read. */
  private text = '';
  private index = 0;
  private element: TElement | null = null;
  private readonly assembler = new Assembler();
  /** Set while passing over an element broken by a syntax error. */
  private skip: TJsonSkipState | null = null;

  constructor(private readonly options: TJsonArrayOptions) {}

  /** Characters held between pushes; tests use it to check memory stays bounded. */
  get bufferedChars(): number {
    return this.carry.length + this.text.length + (this.element && !this.element.problem ? this.element.size : 0);
  }

  push(text: string, out: TReadResult): void {
    this.out = out;
    let start = 0;
    while (!this.isStopped) {
      const nl = text.indexOf('\n', start);
      if (nl === -1) {
        this.carry += text.slice(start);
        while (this.carry.length > MAX_PIECE_CHARS && !this.isStopped) {
          const cut = findCut(this.carry);
          const piece = this.carry.slice(0, cut);
          this.carry = this.carry.slice(cut);
          this.feedPiece(piece, false, this.column);
          this.column += cut;
        }
        return;
      }
      const piece = this.carry + text.slice(start, nl + 1);
      this.carry = '';
      start = nl + 1;
      this.feedPiece(piece, true, this.column);
      this.line++;
      this.column = 1;
    }
  }

  end(out: TReadResult): void {
    this.out = out;
    if (this.carry !== '' && !this.isStopped) {
      const piece = this.carry;
      this.carry = '';
      this.feedPiece(piece, true, this.column);
    }
    if (this.isStopped) return;
    const { phase } = this.state;
    if (phase === 'start' || phase === 'done') return;
    const element = this.element;
    if (element) {
      const problem = { row: element.row, field: null, reason: `malformed JSON: the file ends inside this element (it starts at line ${element.line})` };
      out.records.push({ row: element.row, value: undefined, problem });
    }
    this.stop('malformed JSON: the file ends before the array is closed');
  }

  private get records() {
    return this.out!.records;
  }

  private stop(reason: string): void {
    if (this.isStopped) return;
    this.isStopped = true;
    this.out!.problems.push({ row: Math.max(1, this.index), field: null, reason });
    this.out!.isFatal = true;
  }

  private feedPiece(piece: string, isLineEnd: boolean, column: number): void {
    if (this.isStopped) return;
    // A line break ends every lexeme of valid JSON, so padding after it is safe; after a cut inside
    // a line it could land in a string. Added once here, so the slices fed after a recovery share it.
    let text = isLineEnd ? piece + LOOKAHEAD_PADDING : piece;
    let offset = 0;
    if (this.skip) {
      offset = findJsonElementEnd(text, 0, this.skip);
      if (offset === -1) return;
      this.finishBrokenElement();
      text = text.slice(offset);
    }
    this.feedText(text, column + offset);
  }

  private feedText(text: string, column: number): void {
    let rest = text;
    let restColumn = column;
    // A loop, not recursion: one piece can hold thousands of broken elements.
    while (!this.isStopped) {
      let result: ReturnType<TTokenizer>;
      try {
        result = this.tokenize(rest);
      } catch (error) {
        const next = this.recover(rest, restColumn, error);
        if (next === -1) return;
        rest = rest.slice(next);
        restColumn += next;
        continue;
      }
      if (typeof result !== 'symbol') this.consume(result.values);
      const last = findLastSignificant(rest);
      if (last !== '') this.state.lastSignificant = last;
      return;
    }
  }

  /**
   * The tokenizer failed somewhere in `text`: find where, keep what came before, and skip the broken
   * element. Returns the offset in `text` to go on from with the new tokenizer, or -1.
   */
  private recover(text: string, column: number, error: unknown): number {
    const prefix = describeParserState(this.state);
    const found = findJsonSyntaxError(text, prefix);
    if (!found) {
      // The error lies before this piece (a lexeme cut at a comma); nothing more can be placed.
      const message = error instanceof Error ? error.message.replace(/^Parser (cannot parse input: |has )/, '') : String(error);
      this.stop(`malformed JSON at line ${this.line}: ${message}; the rest of the file was not read`);
      return -1;
    }
    const at = found.offset;
    try {
      this.tokenize = createTokenizer(prefix);
      const result = this.tokenize(text.slice(0, at));
      if (typeof result !== 'symbol') this.consume(result.values);
    } catch {
      this.stop(`malformed JSON at line ${this.line}: ${found.what}; the rest of the file was not read`);
      return -1;
    }
    if (this.isStopped) return -1;
    const where = `malformed JSON at ${describeJsonPosition(text, at, this.line, column)}`;
    const { phase, stack, lexeme, last } = this.state;
    const shown = JSON.stringify(text.slice(at, at + 1));
    if (phase === 'start') {
      this.stop(`${where}: expected "[" but found ${shown}; the rest of the file was not read`);
      return -1;
    }
    if (phase === 'done') {
      this.stop(`${where}: unexpected content after the closing "]"; the rest of the file was not read`);
      return -1;
    }
    if (stack.length === 1 && lexeme === null) {
      // Between elements: commas make no tokens, so the text says whether one was read.
      const isAfterComma = (findLastSignificant(text.slice(0, at)) || prefix.at(-1)) === ',';
      if (last === 'value' && !isAfterComma) {
        this.stop(`${where}: expected "," or "]" after element ${this.index} but found ${shown}; the rest of the file was not read`);
        return -1;
      }
      if (text[at] === ']' && isAfterComma) {
        // A trailing comma: many writers leave one, and nothing is lost by accepting it.
        this.tokenize = createTokenizer('[');
        this.state.last = 'open';
        return at;
      }
      // A broken value where an element starts.
      this.startElement();
    }
    const element = this.element!;
    element.problem ??= { row: element.row, field: null, reason: `${where}: ${found.what}` };
    this.skip = { depth: stack.length - 1, isInString: lexeme === 'key' || lexeme === 'string', isEscaped: false, isContainer: stack.length > 1 };
    const end = findJsonElementEnd(text, at, this.skip);
    if (end === -1) return -1;
    this.finishBrokenElement();
    return end;
  }

  /** Reports the element skipped after a syntax error and restarts the tokenizer after it. */
  private finishBrokenElement(): void {
    this.skip = null;
    const { state } = this;
    state.stack.length = 1;
    state.last = 'value';
    state.lexeme = null;
    state.lastSignificant = '';
    this.text = '';
    this.assembler.dropToLevel(0);
    this.finishElement();
    this.tokenize = createTokenizer('[""');
  }

  private consume(tokens: Token[]): void {
    const { state } = this;
    for (let i = 0; i < tokens.length && !this.isStopped; i++) {
      const token = tokens[i]!;
      switch (token.name) {
        case 'startObject':
          this.open(true);
          break;
        case 'startArray':
          this.open(false);
          break;
        case 'endObject':
        case 'endArray':
          this.close();
          break;
        case 'startKey':
          state.lexeme = 'key';
          this.text = '';
          break;
        case 'startString':
          this.startValue('string');
          break;
        case 'startNumber':
          this.startValue('number');
          break;
        case 'stringChunk':
        case 'numberChunk':
          this.append(token.value);
          break;
        case 'endKey':
          this.addKey();
          break;
        case 'endString':
        case 'endNumber':
          this.addValue();
          break;
        case 'nullValue':
        case 'trueValue':
        case 'falseValue':
          this.startValue(null);
          this.addLiteral(token.value);
          break;
      }
    }
  }

  private startElement(): void {
    this.index++;
    this.element = { row: this.index, line: this.line, size: 0, problem: null, topKey: null };
  }

  private finishElement(): void {
    const element = this.element!;
    const { row, problem } = element;
    this.records.push(problem ? { row, value: undefined, problem } : { row, value: this.assembler.current, problem: null });
    this.element = null;
  }

  /** Rejects the element being read; its tokens are followed to its end but nothing more is built. */
  private reject(element: TElement, reason: string, field: string | null = null): void {
    element.problem = { row: element.row, field, reason };
    this.assembler.dropToLevel(0);
    this.text = '';
  }

  /** Counts `size` against the element; false once the element is rejected. */
  private grow(element: TElement, size: number): boolean {
    if (element.problem) return false;
    element.size += size;
    if (element.size <= this.options.maxRowBytes) return true;
    this.reject(element, describeRowLimit(this.options.maxRowBytes));
    return false;
  }

  private refuseTopLevel(what: string): void {
    const hint = what === 'an object' ? 'a file of one object per line is JSON Lines (.jsonl)' : `found ${what}`;
    this.stop(`malformed JSON at line ${this.line}: expected "[": ${hint}; the rest of the file was not read`);
  }

  private open(isObject: boolean): void {
    const { state } = this;
    if (state.phase === 'start' && !isObject) {
      state.phase = 'array';
      state.stack.push(false);
      state.last = 'open';
      return;
    }
    if (state.phase !== 'array') return this.refuseTopLevel(isObject ? 'an object' : 'an array');
    if (state.stack.length === 1) this.startElement();
    state.stack.push(isObject);
    state.last = 'open';
    const depth = state.stack.length - 1;
    if (depth > HARD_MAX_DEPTH) {
      return this.stop(`malformed JSON at line ${this.line}: element ${this.index} is nested deeper than ${HARD_MAX_DEPTH} levels; the rest of the file was not read`);
    }
    const element = this.element!;
    if (!this.grow(element, 1)) return;
    if (depth > this.options.maxDepth) return this.reject(element, `nested deeper than ${this.options.maxDepth} levels (maxDepth)`, element.topKey);
    if (isObject) this.assembler.startObject();
    else this.assembler.startArray();
  }

  private close(): void {
    const { state } = this;
    const isObject = state.stack.pop();
    state.last = 'value';
    if (state.stack.length === 0) {
      state.phase = 'done';
      return;
    }
    const element = this.element!;
    if (this.grow(element, 1)) {
      if (isObject) this.assembler.endObject();
      else this.assembler.endArray();
    }
    if (state.stack.length === 1) this.finishElement();
  }

  private startValue(lexeme: TLexeme): void {
    const { state } = this;
    if (state.phase !== 'array') return this.refuseTopLevel('a value');
    if (state.stack.length === 1) this.startElement();
    state.lexeme = lexeme;
    this.text = '';
  }

  private append(chunk: string): void {
    const element = this.element!;
    if (!this.grow(element, chunk.length)) return;
    if (this.options.decode.hasInvalidUtf8 && chunk.includes(REPLACEMENT_CHAR)) {
      return this.reject(element, `${INVALID_UTF8_REASON} (element starting at line ${element.line})`);
    }
    this.text += chunk;
  }

  private addKey(): void {
    const { state } = this;
    state.lexeme = null;
    state.last = 'key';
    const element = this.element!;
    if (state.stack.length === 2) element.topKey = this.text;
    if (this.grow(element, 1)) this.assembler.keyValue(this.text);
    this.text = '';
  }

  private addValue(): void {
    const { state } = this;
    const lexeme = state.lexeme;
    state.lexeme = null;
    state.last = 'value';
    const element = this.element!;
    if (this.grow(element, 1)) {
      if (lexeme === 'number') this.assembler.numberValue(this.text);
      else this.assembler.stringValue(this.text);
    }
    this.text = '';
    if (state.stack.length === 1) this.finishElement();
  }

  private addLiteral(value: boolean | null): void {
    if (this.isStopped) return;
    const { state } = this;
    state.lexeme = null;
    state.last = 'value';
    const element = this.element!;
    if (this.grow(element, 4)) {
      if (value === null) this.assembler.nullValue();
      else if (value) this.assembler.trueValue();
      else this.assembler.falseValue();
    }
    if (state.stack.length === 1) this.finishElement();
  }
}

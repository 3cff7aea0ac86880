import { parse as parseCsvSync } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { createDecodeState } from './decode-text';
import { CsvReader } from './read-csv';
import { createReadResult, type TReadResult } from './records';

function createParser(options: { delimiter?: ',' | '\t'; maxRowBytes?: number } = {}) {
  return new CsvReader({ delimiter: options.delimiter ?? ',', maxRowBytes: options.maxRowBytes ?? 1 << 20, decode: createDecodeState() });
}

function parseInPieces(parser: CsvReader, pieces: Iterable<string>): TReadResult {
  const out = createReadResult();
  for (const piece of pieces) parser.push(piece, out);
  parser.end(out);
  return out;
}

function splitRandomly(text: string, random: () => number, maxPiece: number): string[] {
  const pieces: string[] = [];
  for (let i = 0; i < text.length; ) {
    const size = 1 + Math.floor(random() * maxPiece);
    pieces.push(text.slice(i, i + size));
    i += size;
  }
  return pieces;
}

/** mulberry32: reproducible fuzz cases. */
function createRandom(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABET = ['a', 'b', 'Z', ' ', ',', '"', '\n', '\r\n', 'é', '☕', '\t', "'"];

function generateField(random: () => number, isFirst: boolean): string {
  const length = Math.floor(random() * 8) + (isFirst ? 1 : 0);
  let value = '';
  for (let i = 0; i < length; i++) value += ALPHABET[Math.floor(random() * ALPHABET.length)]!;
  // A blank first field would make an all-blank record, which we skip and csv-parse does not.
  return isFirst && value.trim() === '' ? 'x' : value;
}

function quoteField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function readValues(out: TReadResult): string[][] {
  return out.records.map((r) => Object.values(r.value as Record<string, string>));
}

/** Records as [row, value or "field reason"], plus file problems: what a reader's caller sees. */
function summarize(out: TReadResult) {
  return {
    records: out.records.map((r) => [r.line, r.problem ? `${r.problem.field} ${r.problem.reason}` : { ...(r.value as object) }]),
    problems: out.problems,
    isFatal: out.isFatal,
  };
}

/** Longer than the reader's 16 KB parse window, with every kind of trouble scattered through it. */
function generateTroubledCsv(): string {
  const lines = ['id,text,label'];
  for (let i = 0; i < 1500; i++) {
    if (i % 97 === 5) lines.push(`${i},"say "hi" there,x`);
    else if (i % 89 === 7) lines.push(`${i},${'long '.repeat(40)},x`);
    else if (i % 13 === 0) lines.push(`${i},"two\nlines, ""quoted""",y`);
    else if (i % 7 === 0) lines.push(`${i},crlf row,z\r`);
    else lines.push(`${i},plain ${i},w`);
  }
  return `${lines.join('\n')}\n`;
}

const STRAY_QUOTE = 'malformed CSV: text follows a closing quote; a quote inside a quoted field must be doubled ("")';

describe('CsvReader', () => {
  it.each([
    ['\n', 1],
    ['\r\n', 2],
    ['\n', 3],
    ['\r\n', 4],
  ] as const)('matches csv-parse on fuzzed RFC 4180 input split at random points (eol %j, seed %i)', (eol, seed) => {
    const random = createRandom(seed);
    const columns = 4;
    const lines: string[] = [Array.from({ length: columns }, (_, i) => `c${i}`).join(',')];
    const expectedRows: number[] = [];
    let line = 2;
    for (let r = 0; r < 300; r++) {
      const fields = Array.from({ length: columns }, (_, i) => generateField(random, i === 0));
      const text = fields.map(quoteField).join(',');
      lines.push(text);
      expectedRows.push(line);
      line += 1 + (text.match(/\n/g)?.length ?? 0);
    }
    const csv = lines.join(eol) + eol;
    const oracle = parseCsvSync(csv, { relax_column_count: true }) as string[][];
    const out = parseInPieces(createParser(), splitRandomly(csv, random, 40));
    expect(out.problems).toEqual([]);
    expect(out.records.filter((r) => r.problem)).toEqual([]);
    expect(readValues(out)).toEqual(oracle.slice(1));
    expect(out.records.map((r) => r.line)).toEqual(expectedRows);
  });

  it('reads TSV, a missing final newline and blank lines, counting lines as an editor does', () => {
    const out = parseInPieces(createParser({ delimiter: '\t' }), ['a\tb\n\n1\t"x\ty"\n', '\n2\tz']);
    expect(readValues(out)).toEqual([
      ['1', 'x\ty'],
      ['2', 'z'],
    ]);
    expect(out.records.map((r) => r.line)).toEqual([3, 5]);
  });

  it('keeps a quote inside an unquoted field as text, like Excel', () => {
    const out = parseInPieces(createParser(), ['id,text\n1,a 5" screen\n2,He said "hi" twice\n']);
    expect(readValues(out)).toEqual([
      ['1', 'a 5" screen'],
      ['2', 'He said "hi" twice'],
    ]);
  });

  it('accepts a quoted value that starts with an escaped quote', () => {
    const out = parseInPieces(createParser(), ['id,text\n1,"""Hi,"" she said"\n2,""""\n']);
    expect(summarize(out).records).toEqual([
      [2, { id: '1', text: '"Hi," she said' }],
      [3, { id: '2', text: '"' }],
    ]);
  });

  it('reports a stray quote and re-reads the next line instead of swallowing it', () => {
    const out = parseInPieces(createParser(), ['id,text,x\n1,"say "hi"",x\n2,"multi\nline",y\n3,ok,z\n']);
    expect(summarize(out).records).toEqual([
      [2, `text ${STRAY_QUOTE}`],
      [3, { id: '2', text: 'multi\nline', x: 'y' }],
      [5, { id: '3', text: 'ok', x: 'z' }],
    ]);
  });

  it('reads the lines a stray quote swallowed again, from the line after it', () => {
    // The quote opened on line 2 is "closed" on line 4 by a quote followed by text.
    const out = parseInPieces(createParser(), ['id,text,x\n1,"open,x\n2,fine,y\n3,"quoted" trailing,z\n4,last,w\n']);
    expect(summarize(out).records).toEqual([
      [2, `text ${STRAY_QUOTE}`],
      [3, { id: '2', text: 'fine', x: 'y' }],
      [4, `text ${STRAY_QUOTE}`],
      [5, { id: '4', text: 'last', x: 'w' }],
    ]);
  });

  it('reports every line of a file whose fields open quotes they never close', () => {
    const lines = Array.from({ length: 1000 }, (_, i) => `${i},"${i} inch screen,ham`);
    const out = parseInPieces(createParser(), [`id,text,label\n${lines.join('\n')}\n`]);
    expect(out.records.map((r) => r.line)).toEqual(lines.map((_, i) => i + 2));
    expect(out.records.filter((r) => r.problem?.field === 'text')).toHaveLength(1000);
  });

  it('reports an unclosed quote at its line and still reads the lines it would have swallowed', () => {
    const out = parseInPieces(createParser(), ['id,text\n1,"open\n2,b\n3,c\n']);
    expect(out.records.map((r) => [r.line, r.problem?.reason ?? null])).toEqual([
      [2, 'malformed CSV: unclosed quote: a quoted field never ends'],
      [3, null],
      [4, null],
    ]);
  });

  it('keeps a lone carriage return inside a field as data', () => {
    const out = parseInPieces(createParser(), ['a,b\r\n1,x\ry\r\n2,z\n']);
    expect(summarize(out).records).toEqual([
      [2, { a: '1', b: 'x\ry' }],
      [3, { a: '2', b: 'z' }],
    ]);
  });

  it('skips a 10 MB field holding no more than maxRowBytes in memory, then reads on', () => {
    const maxRowBytes = 200_000;
    const parser = createParser({ maxRowBytes });
    const out = createReadResult();
    let maxBuffered = 0;
    const push = (text: string) => {
      parser.push(text, out);
      maxBuffered = Math.max(maxBuffered, parser.bufferedChars);
    };
    push('id,text,label\n1,"');
    const piece = 'y'.repeat(64 * 1024 - 1) + '\n';
    for (let i = 0; i < 160; i++) push(piece);
    push('",spam\n2,after,ham\n3,');
    push('unquoted ' + 'z'.repeat(300_000));
    push(',ham\n4,last,ham\n');
    parser.end(out);
    expect(out.records.map((r) => [r.line, r.problem?.field ?? null, r.problem?.reason.slice(0, 30) ?? null])).toEqual([
      [2, 'text', 'row exceeds the maximum row si'],
      [163, null, null],
      [164, 'text', 'row exceeds the maximum row si'],
      [165, null, null],
    ]);
    expect(maxBuffered).toBeLessThan(2 * maxRowBytes + 2 * 64 * 1024);
  });

  it('keeps the rows before and after an oversized row that arrive in the same chunk', () => {
    const out = parseInPieces(createParser({ maxRowBytes: 100 }), [`id,text\n1,a\n2,${'x'.repeat(500)}\n3,"b\nc"\n4,d\n`]);
    expect(summarize(out).records).toEqual([
      [2, { id: '1', text: 'a' }],
      [3, 'text row exceeds the maximum row size of 100 bytes (maxRowBytes); the row was skipped'],
      [4, { id: '3', text: 'b\nc' }],
      [6, { id: '4', text: 'd' }],
    ]);
  });

  it('stops with a clear problem when an unclosed quote runs past maxRowBytes to the end', () => {
    const parser = createParser({ maxRowBytes: 1000 });
    const out = parseInPieces(parser, ['id,text\n1,ok\n2,"open\n', 'x\n'.repeat(2000)]);
    expect(out.records.map((r) => [r.line, r.problem?.reason ?? null])).toEqual([
      [2, null],
      [3, 'unclosed quote: the row starting here never ends, so the rest of the file was not read'],
    ]);
  });

  it('reports a wrong column count without giving up on the file', () => {
    const out = parseInPieces(createParser(), ['a,b\n1\n1,2,3\n1,2\n']);
    expect(out.records.map((r) => r.problem?.reason ?? 'ok')).toEqual([
      'malformed CSV: expected 2 columns, found 1',
      'malformed CSV: expected 2 columns, found 3',
      'ok',
    ]);
  });

  it('names empty header cells and skips leading blank lines', () => {
    const out = parseInPieces(createParser(), ['\n\ntext,,x\na,b,c\n']);
    expect(out.header).toEqual(['text', 'column_2', 'x']);
    expect(out.records[0]).toMatchObject({ line: 4, row: 1, value: { text: 'a', column_2: 'b', x: 'c' } });
  });

  it('numbers data rows as the user sees them: 1 is the first row after the header, however many lines a row spans', () => {
    // The header on line 2, a blank line, a row of three lines, a malformed row, an oversized one.
    const out = parseInPieces(createParser({ maxRowBytes: 100 }), [`\nid,text\n1,a\n\n2,"b\nc\nd"\n3\n4,${'x'.repeat(200)}\n5,e\n`]);
    expect(out.records.map((r) => [r.row, r.line, r.problem ? r.problem.row : null])).toEqual([
      [1, 3, null],
      [2, 5, null],
      [3, 8, 3],
      [4, 9, 4],
      [5, 10, null],
    ]);
  });

  it('stops with a file problem when the header row cannot be read', () => {
    const out = parseInPieces(createParser({ maxRowBytes: 50 }), [`id,${'h'.repeat(100)}\n1,a\n`]);
    expect(summarize(out)).toEqual({
      records: [],
      problems: [{ row: 0, field: null, reason: 'cannot read the header row: row exceeds the maximum row size of 50 bytes (maxRowBytes); the row was skipped' }],
      isFatal: true,
    });
    const quoted = parseInPieces(createParser(), ['"id"x,text\n1,a\n']);
    expect(quoted.isFatal).toBe(true);
    expect(quoted.problems[0]!.reason).toBe(`cannot read the header row: ${STRAY_QUOTE}`);
  });

  it.each([
    ['a stray quote', 'id,text\n1,"say "hi"",x\n2,b\n3,"a ""b""\nc",d\n'],
    ['a row that is too long', `id,text\n1,a\n2,"${'y\n'.repeat(80)}"\n3,b\n`],
    ['an unclosed quote at the end', 'id,text\n1,a\n2,"open\n3,b\n4,c'],
    ['wrong column counts and blank lines', 'id,text\n\n1\n\n2,b,c\r\n3,"x\r\ny"\r\n,\n4,d'],
    ['a file longer than a parse window with all of these', generateTroubledCsv()],
  ])('reads %s the same whether the text comes whole, in random pieces or a character at a time', (_name, csv) => {
    const read = (pieces: string[]) => summarize(parseInPieces(createParser({ maxRowBytes: 100 }), pieces));
    const whole = read([csv]);
    expect(whole.records.length).toBeGreaterThan(2);
    expect(read(csv.split(''))).toEqual(whole);
    for (const seed of [1, 2, 3]) expect(read(splitRandomly(csv, createRandom(seed), 7))).toEqual(whole);
  });
});

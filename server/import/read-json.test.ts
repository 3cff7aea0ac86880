import { describe, expect, it } from 'vitest';
import { createDecodeState } from './decode-text';
import { JsonArrayParser } from './read-json-array';
import { JsonLinesParser } from './read-jsonl';
import { createReadResult, type TReadResult, type TRecordParser } from './records';

function parseInPieces(parser: TRecordParser, pieces: Iterable<string>): TReadResult {
  const out = createReadResult();
  for (const piece of pieces) parser.push(piece, out);
  parser.end(out);
  return out;
}

function createArrayParser(maxRowBytes = 1 << 20) {
  return new JsonArrayParser({ maxRowBytes, decode: createDecodeState() });
}

const SAMPLE = [
  { text: 'a "quoted" \\ backslash', n: 1, nested: { list: [1, [2, { deep: '}' }]] } },
  { text: 'brackets ] } [ { inside strings', emoji: '☕🎉' },
  'a bare string',
  42,
  null,
  { text: 'last', escapes: '\u0000\n\t' },
];

describe('JsonArrayParser', () => {
  it('splits elements identically wherever the chunk boundaries fall', () => {
    const json = JSON.stringify(SAMPLE, null, 2);
    const whole = parseInPieces(createArrayParser(), [json]);
    expect(whole.records.map((r) => r.value)).toEqual(SAMPLE);
    expect(whole.problems).toEqual([]);
    for (let cut = 1; cut < json.length; cut += 3) {
      const out = parseInPieces(createArrayParser(), [json.slice(0, cut), json.slice(cut)]);
      expect(out.records.map((r) => r.value)).toEqual(SAMPLE);
    }
    const byChar = parseInPieces(createArrayParser(), json.split(''));
    expect(byChar.records.map((r) => r.row)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('reads an empty array and a trailing comma', () => {
    expect(parseInPieces(createArrayParser(), [' [ ] ']).records).toEqual([]);
    expect(parseInPieces(createArrayParser(), ['[{"a":1},]']).records).toHaveLength(1);
  });

  it('tells a JSON Lines file apart from an array', () => {
    const out = parseInPieces(createArrayParser(), ['{"text": "a"}\n{"text": "b"}\n']);
    expect(out.isFatal).toBe(true);
    expect(out.problems[0]!.reason).toContain('JSON Lines (.jsonl)');
  });

  it('skips an oversized element while holding at most about maxRowBytes', () => {
    const maxRowBytes = 100_000;
    const parser = createArrayParser(maxRowBytes);
    const out = createReadResult();
    let maxBuffered = 0;
    const push = (text: string) => {
      parser.push(text, out);
      maxBuffered = Math.max(maxBuffered, parser.bufferedChars);
    };
    push('[{"text": "ok"},\n{"text": "');
    for (let i = 0; i < 200; i++) push('x'.repeat(50_000));
    push('"},\n{"text": "after"}]');
    parser.end(out);
    expect(out.records.map((r) => [r.row, r.problem?.reason.slice(0, 20) ?? r.value])).toEqual([
      [1, { text: 'ok' }],
      [2, 'row exceeds the maxi'],
      [3, { text: 'after' }],
    ]);
    expect(maxBuffered).toBeLessThan(maxRowBytes + 100_000);
  });

  it('gives line and column for a syntax error inside an element', () => {
    const out = parseInPieces(createArrayParser(), ['[\n  {"a": 1},\n  {"a": 1,, "b": 2}\n]']);
    expect(out.records[1]!.problem!.reason).toMatch(/^malformed JSON at line 3, column 11: /);
  });

  it('counts lines inside pretty-printed elements', () => {
    const out = parseInPieces(createArrayParser(), ['[\n  {\n    "a": 1\n  },\n  {"b": 2} x\n]']);
    expect(out.problems[0]!.reason).toContain('at line 5, column 12');
  });
});

describe('JsonLinesParser', () => {
  const createParser = (maxRowBytes = 1 << 20) => new JsonLinesParser({ maxRowBytes, decode: createDecodeState() });

  it('numbers rows by line, skipping blank lines and CRLF', () => {
    const out = parseInPieces(createParser(), ['{"a":1}\r\n\r\n  \n{"a"', ':2}\n{"a":3}']);
    expect(out.records.map((r) => [r.row, r.value])).toEqual([
      [1, { a: 1 }],
      [4, { a: 2 }],
      [5, { a: 3 }],
    ]);
  });

  it('skips an over-long line without keeping it', () => {
    const parser = createParser(1000);
    const out = createReadResult();
    let maxBuffered = 0;
    for (const piece of ['{"a":1}\n{"text":"', ...Array.from({ length: 50 }, () => 'y'.repeat(999)), '"}\n{"a":2}\n']) {
      parser.push(piece, out);
      maxBuffered = Math.max(maxBuffered, parser.bufferedChars);
    }
    parser.end(out);
    expect(out.records.map((r) => [r.row, r.problem ? 'too big' : r.value])).toEqual([
      [1, { a: 1 }],
      [2, 'too big'],
      [3, { a: 2 }],
    ]);
    expect(maxBuffered).toBeLessThan(3000);
  });

  it('handles a million levels of nesting without a stack overflow', () => {
    const deep = '['.repeat(1_000_000) + ']'.repeat(1_000_000);
    const out = parseInPieces(createParser(4_000_000), [deep]);
    expect(out.records).toHaveLength(1);
  });
});

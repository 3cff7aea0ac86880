import { describe, expect, it } from 'vitest';
import { createDecodeState, INVALID_UTF8_REASON } from './decode-text';
import { JsonArrayReader } from './read-json-array';
import { JsonLinesReader } from './read-jsonl';
import { createReadResult, type TReadResult, type TRecordParser } from './records';

function parseInPieces(parser: TRecordParser, pieces: Iterable<string>): TReadResult {
  const out = createReadResult();
  for (const piece of pieces) parser.push(piece, out);
  parser.end(out);
  return out;
}

function createArrayParser(maxRowBytes = 1 << 20, maxDepth = 32) {
  return new JsonArrayReader({ maxRowBytes, maxDepth, decode: createDecodeState() });
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

function splitRandomly(text: string, random: () => number, maxPiece: number): string[] {
  const pieces: string[] = [];
  for (let i = 0; i < text.length; ) {
    const size = 1 + Math.floor(random() * maxPiece);
    pieces.push(text.slice(i, i + size));
    i += size;
  }
  return pieces;
}

const STRING_PARTS = ['a', 'Z', ' ', '"', '\\', '/', '\n', '\t', '\u0000', 'é', '☕', '🎉', '\u2028', '{', '}', '[', ']', ',', ':'];

function generateValue(random: () => number, depth: number): unknown {
  const kind = Math.floor(random() * (depth > 3 ? 5 : 7));
  if (kind === 0) return null;
  if (kind === 1) return random() < 0.5;
  if (kind === 2) return [0, -1, 1.5, 1e21, -2.5e-7, 123456789][Math.floor(random() * 6)];
  if (kind <= 4) {
    let text = '';
    const length = Math.floor(random() * 12);
    for (let i = 0; i < length; i++) text += STRING_PARTS[Math.floor(random() * STRING_PARTS.length)]!;
    return text;
  }
  if (kind === 5) return Array.from({ length: Math.floor(random() * 4) }, () => generateValue(random, depth + 1));
  const object: Record<string, unknown> = {};
  const keys = Math.floor(random() * 4);
  for (let i = 0; i < keys; i++) object[`${generateValue(random, 9)}`.slice(0, 8) + i] = generateValue(random, depth + 1);
  return object;
}

/** Rows, values and problems as a caller sees them. */
function summarize(out: TReadResult) {
  return {
    records: out.records.map((r) => [r.row, r.problem ? r.problem.reason : r.value]),
    problems: out.problems,
  };
}

const SAMPLE = [
  { text: 'a "quoted" \\ backslash', n: 1, nested: { list: [1, [2, { deep: '}' }]] } },
  { text: 'brackets ] } [ { inside strings', emoji: '☕🎉' },
  'a bare string',
  42,
  null,
  { text: 'last', escapes: '\u0000\n\t' },
];

describe('JsonArrayReader', () => {
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

  it.each([1, 2, 3])('builds the same elements as JSON.parse on fuzzed arrays, pretty or on one line (seed %i)', (seed) => {
    const random = createRandom(seed);
    const values = Array.from({ length: 150 }, () => generateValue(random, 0));
    for (const json of [JSON.stringify(values), JSON.stringify(values, null, seed)]) {
      const out = parseInPieces(createArrayParser(), splitRandomly(json, random, 50));
      expect(out.problems).toEqual([]);
      expect(out.records.map((r) => r.value)).toEqual(JSON.parse(json));
      expect(out.records.map((r) => r.row)).toEqual(values.map((_, i) => i + 1));
    }
  });

  it('reads an empty array and a trailing comma', () => {
    expect(parseInPieces(createArrayParser(), [' [ ] ']).records).toEqual([]);
    const trailing = parseInPieces(createArrayParser(), ['[{"a":1},]']);
    expect(summarize(trailing)).toEqual({ records: [[1, { a: 1 }]], problems: [] });
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

  it('refuses an element of many small values once it passes maxRowBytes', () => {
    const many = `[{"list": [${'{},'.repeat(50_000)}{}]}, {"a": [${'null,'.repeat(50_000)}null]}, {"ok": true}]`;
    const out = parseInPieces(createArrayParser(10_000), [many]);
    expect(out.records.map((r) => r.problem?.reason.slice(0, 20) ?? r.value)).toEqual(['row exceeds the maxi', 'row exceeds the maxi', { ok: true }]);
  });

  it('refuses deep nesting as it arrives, naming the top-level key, and reads on', () => {
    const deep = `[{"text": "x", "meta": ${'['.repeat(100)}${']'.repeat(100)}}, {"text": "y", "meta": [[1]]}]`;
    const out = parseInPieces(createArrayParser(1 << 20, 5), [deep]);
    expect(out.records.map((r) => [r.row, r.problem ? [r.problem.field, r.problem.reason] : r.value])).toEqual([
      [1, ['meta', 'nested deeper than 5 levels (maxDepth)']],
      [2, { text: 'y', meta: [[1]] }],
    ]);
  });

  it('stops at absurd nesting instead of growing a stack with the input', () => {
    const out = parseInPieces(createArrayParser(), [`[${'['.repeat(20_000)}`]);
    expect(out.isFatal).toBe(true);
    expect(out.problems[0]!.reason).toContain('nested deeper than 10000 levels');
  });

  it('gives line and column for a syntax error inside an element and reads on', () => {
    const out = parseInPieces(createArrayParser(), ['[\n  {"a": 1},\n  {"a": 1,, "b": 2},\n  {"a": 3}\n]']);
    expect(summarize(out)).toEqual({
      records: [
        [1, { a: 1 }],
        [2, 'malformed JSON at line 3, column 11: expected a double-quoted key but found ","'],
        [3, { a: 3 }],
      ],
      problems: [],
    });
  });

  it('keeps the elements before an error on the same line and finds its column', () => {
    const line = `[${'{"a": 0},'.repeat(5)}{"a": tru}, "bare", 7, {"b": [1, {"c": "x\\q"}]}, {"d": 2}]`;
    const out = parseInPieces(createArrayParser(), [line]);
    expect(summarize(out).records).toEqual([
      ...Array.from({ length: 5 }, (_, i) => [i + 1, { a: 0 }]),
      [6, `malformed JSON at line 1, column ${line.indexOf('tru') + 1}: expected a value but found "t"`],
      [7, 'bare'],
      [8, 7],
      [9, `malformed JSON at line 1, column ${line.indexOf('\\q') + 1}: invalid escape sequence in a string`],
      [10, { d: 2 }],
    ]);
  });

  it('recovers from thousands of broken elements in one piece', () => {
    const out = parseInPieces(createArrayParser(), [`[${'x,'.repeat(20_000)}1]`]);
    expect(out.records).toHaveLength(20_001);
    expect(out.records.filter((r) => r.problem)).toHaveLength(20_000);
    expect(out.records.at(-1)).toEqual({ row: 20_001, value: 1, problem: null });
  });

  it('skips a broken value where an element starts', () => {
    const out = parseInPieces(createArrayParser(), ["[1, 'single', NaN, 4]"]);
    expect(summarize(out).records).toEqual([
      [1, 1],
      [2, `malformed JSON at line 1, column 5: expected a value but found "'"`],
      [3, `malformed JSON at line 1, column 15: expected a value but found "N"`],
      [4, 4],
    ]);
  });

  it('treats a line break inside a string as the end of a string left open', () => {
    const out = parseInPieces(createArrayParser(), ['[\n{"a": "open\n, "b": 1},\n{"a": 2}\n]\n']);
    expect(summarize(out)).toEqual({
      records: [
        [1, 'malformed JSON at line 2, column 12: unterminated string (a line break inside a string must be written as \\n)'],
        [2, { a: 2 }],
      ],
      problems: [],
    });
  });

  it('finds errors in a line longer than the 64 KB pieces it is fed in', () => {
    const elements = Array.from({ length: 3000 }, (_, i) => JSON.stringify({ id: i, text: `row, number ${i}` }));
    elements[2500] = '{"id": 2500, "text": tru}';
    const json = `[${elements.join(',')}]`;
    const out = parseInPieces(createArrayParser(), splitRandomly(json, createRandom(7), 20_000));
    const broken = out.records.filter((r) => r.problem);
    expect(broken).toEqual([
      { row: 2501, value: undefined, problem: { row: 2501, field: null, reason: `malformed JSON at line 1, column ${json.indexOf('tru}') + 1}: expected a value but found "t"` } },
    ]);
    expect(out.records).toHaveLength(3000);
    expect(out.problems).toEqual([]);
  });

  it('counts lines inside pretty-printed elements', () => {
    const out = parseInPieces(createArrayParser(), ['[\n  {\n    "a": 1\n  },\n  {"b": 2} x\n]']);
    expect(out.problems[0]!.reason).toContain('at line 5, column 12');
  });

  it('stops at a missing comma between elements, after reading the ones before it', () => {
    const out = parseInPieces(createArrayParser(), ['[{"text": "a"} {"text": "b"}]']);
    expect(summarize(out)).toEqual({
      records: [[1, { text: 'a' }]],
      problems: [{ row: 1, field: null, reason: 'malformed JSON at line 1, column 16: expected "," or "]" after element 1 but found "{"; the rest of the file was not read' }],
    });
  });

  it('says where a truncated element starts', () => {
    const out = parseInPieces(createArrayParser(), ['[\n  {"a": 1},\n  {"a": [1,\n    2']);
    expect(summarize(out)).toEqual({
      records: [
        [1, { a: 1 }],
        [2, 'malformed JSON: the file ends inside this element (it starts at line 3)'],
      ],
      problems: [{ row: 2, field: null, reason: 'malformed JSON: the file ends before the array is closed' }],
    });
  });

  it('rejects only the element holding an invalid UTF-8 sequence', () => {
    const decode = createDecodeState();
    decode.hasInvalidUtf8 = true;
    const parser = new JsonArrayReader({ maxRowBytes: 1 << 20, maxDepth: 32, decode });
    const out = parseInPieces(parser, ['[\n{"a": "ok"},\n{"a": "caf\uFFFD"},\n{"a": "ok"}]']);
    expect(summarize(out).records).toEqual([
      [1, { a: 'ok' }],
      [2, `${INVALID_UTF8_REASON} (element starting at line 3)`],
      [3, { a: 'ok' }],
    ]);
  });

  it.each([
    ['pretty-printed with errors', '[\n  {"a": 1},\n  {"a": tru},\n  {"b": "x\\q"},\n  [1, 2],\n  {"c": {"d": [1, 2, {"e": null}]}},\n]\n'],
    ['on one line with errors', '[{"a":1},{"a":[1,2,}]},"s",{"b":"\\u00e9\\ud83c\\udf89"},-1.5e3,{"c":"open\n},{"d":4}]'],
    ['truncated', '[{"a": 1}, {"b": [1, 2, {"c": "x'],
  ])('reads JSON %s the same whether it comes whole, in random pieces or a character at a time', (_name, json) => {
    const read = (pieces: string[]) => summarize(parseInPieces(createArrayParser(), pieces));
    const whole = read([json]);
    expect(whole.records.length).toBeGreaterThan(1);
    expect(read(json.split(''))).toEqual(whole);
    for (const seed of [1, 2, 3]) expect(read(splitRandomly(json, createRandom(seed), 9))).toEqual(whole);
  });
});

describe('JsonLinesReader', () => {
  const createParser = (maxRowBytes = 1 << 20) => new JsonLinesReader({ maxRowBytes, decode: createDecodeState() });

  it('numbers rows by line, skipping blank lines and CRLF', () => {
    const out = parseInPieces(createParser(), ['{"a":1}\r\n\r\n  \n{"a"', ':2}\n{"a":3}']);
    expect(out.records.map((r) => [r.row, r.value])).toEqual([
      [1, { a: 1 }],
      [4, { a: 2 }],
      [5, { a: 3 }],
    ]);
  });

  it('reads the same a character at a time, holding only the current line', () => {
    const text = '{"a":1}\n\n{"b": "x y"}\nnot json\n{"c": [1, 2]}';
    const parser = createParser();
    const out = createReadResult();
    let maxBuffered = 0;
    for (const char of text) {
      parser.push(char, out);
      maxBuffered = Math.max(maxBuffered, parser.bufferedChars);
    }
    parser.end(out);
    expect(summarize(out)).toEqual(summarize(parseInPieces(createParser(), [text])));
    expect(out.records.map((r) => r.row)).toEqual([1, 3, 4, 5]);
    expect(maxBuffered).toBeLessThanOrEqual('{"c": [1, 2]}'.length);
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

  it('locates an error that JSON.parse gives no position for', () => {
    const out = parseInPieces(createParser(), ['{"a": 1}\n  {"a": tru}\n']);
    expect(out.records[1]!.problem!.reason).toBe('malformed JSON at line 2, column 9: expected a value but found "t"');
  });

  it('handles a million levels of nesting without a stack overflow', () => {
    const deep = '['.repeat(1_000_000) + ']'.repeat(1_000_000);
    const out = parseInPieces(createParser(4_000_000), [deep]);
    expect(out.records).toHaveLength(1);
  });
});

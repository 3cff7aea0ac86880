import { describe, expect, it } from 'vitest';
import { HARD_TEXT } from '@/ml/spans/text-geometry.fixtures';
import { assignSpanLanes } from './assign-span-lanes';
import { splitSpanSegments, splitTextLeaves } from './split-span-segments';

/** What the DOM would show: every leaf's display, in order. */
function render(text: string, ranges: { start: number; end: number }[]): string {
  return splitSpanSegments(text, ranges)
    .flatMap((segment) => segment.leaves)
    .map((leaf) => leaf.display)
    .join('');
}

describe('splitSpanSegments', () => {
  it('cuts crossing spans into runs each covered by a fixed set, on text with emoji and CRLF', () => {
    // 👩‍👩‍👧 🇫🇷 (3–16) crosses 🇫🇷 été (12–22); the skin-toned thumb to 𝒜bc (23–33) spans the CRLF.
    const ranges = [
      { start: 3, end: 16 },
      { start: 12, end: 22 },
      { start: 23, end: 33 },
    ];
    const segments = splitSpanSegments(HARD_TEXT, ranges);
    expect(segments.map(({ start, end, covering }) => [start, end, covering])).toEqual([
      [0, 3, []],
      [3, 12, [0]],
      [12, 16, [0, 1]],
      [16, 22, [1]],
      [22, 23, []],
      [23, 33, [2]],
      [33, 34, []],
    ]);
    expect(HARD_TEXT.slice(12, 16)).toBe('🇫🇷');
    // Leaves tile the text exactly, so every offset belongs to one leaf.
    const leaves = segments.flatMap((segment) => segment.leaves);
    expect(leaves[0]!.start).toBe(0);
    leaves.slice(1).forEach((leaf, index) => expect(leaf.start).toBe(leaves[index]!.end));
    expect(leaves.at(-1)!.end).toBe(HARD_TEXT.length);
  });

  it('shows a CRLF as one line break and keeps every other character verbatim', () => {
    expect(render(HARD_TEXT, [{ start: 23, end: 33 }])).toBe(HARD_TEXT.replace('\r\n', '\n'));
    const leaves = splitTextLeaves(HARD_TEXT, 23, 33);
    expect(leaves).toEqual([
      { start: 23, end: 27, display: '👍🏽', isVerbatim: true },
      { start: 27, end: 28, display: '', isVerbatim: false },
      { start: 28, end: 33, display: '\n𝒜bc', isVerbatim: true },
    ]);
  });

  it('turns a lone CR into a line break and bidi controls into visible markers', () => {
    expect(render('a\rb', [])).toBe('a\nb');
    expect(render('x\u202Egnp.exe', [{ start: 0, end: 9 }])).toBe('x⟨RLO⟩gnp.exe');
    expect(splitTextLeaves('x\u202Ey', 0, 3).map((leaf) => leaf.isVerbatim)).toEqual([true, false, true]);
  });

  it('ignores empty ranges and clamps ranges past the text', () => {
    expect(splitSpanSegments('abc', [{ start: 1, end: 1 }]).map(({ start, end }) => [start, end])).toEqual([[0, 3]]);
    expect(splitSpanSegments('abc', [{ start: 2, end: 9 }]).map(({ start, end }) => [start, end])).toEqual([
      [0, 2],
      [2, 3],
    ]);
  });
});

describe('assignSpanLanes', () => {
  it('gives overlapping ranges different lanes, the enclosing one the outer lane, and reuses lanes after a range ends', () => {
    expect(
      assignSpanLanes([
        { start: 5, end: 8 }, // nested inside the next one
        { start: 0, end: 10 },
        { start: 9, end: 12 }, // crosses the second one's end
        { start: 12, end: 14 }, // touches, does not overlap
      ]),
    ).toEqual([1, 0, 1, 0]);
  });
});

import { BIDI_CONTROLS } from '@/server/security/bidi-controls';

export type TMarkRange = { start: number; end: number };

/**
 * The smallest rendered piece of the text. A verbatim leaf shows text.slice(start, end) as one DOM
 * text node, so a DOM offset inside it is a UTF-16 offset from `start`. Any other leaf shows a
 * stand-in (a bidi control as ⟨RLO⟩, the CR of a CRLF as nothing, a lone CR as a line break) whose
 * DOM offsets mean nothing: a point inside it maps to its start or its end.
 */
export type TTextLeaf = { start: number; end: number; display: string; isVerbatim: boolean };

/** A run of text covered by the same ranges (indexes into the ranges given), in text order. */
export type TTextSegment = { start: number; end: number; covering: number[]; leaves: TTextLeaf[] };

/**
 * Cuts the text at every range edge, so each segment is covered by a fixed set of ranges: that is
 * what lets overlapping and crossing spans all be drawn (nested marks per segment). Ranges are
 * expected on grapheme boundaries (validated spans, snapped selections); empty or out-of-text
 * ranges cover nothing.
 */
export function splitSpanSegments(text: string, ranges: readonly TMarkRange[]): TTextSegment[] {
  const cuts = new Set<number>([0, text.length]);
  for (const range of ranges) {
    if (range.start >= range.end) continue;
    cuts.add(Math.max(0, Math.min(text.length, range.start)));
    cuts.add(Math.max(0, Math.min(text.length, range.end)));
  }
  const edges = [...cuts].sort((a, b) => a - b);
  const segments: TTextSegment[] = [];
  for (let index = 0; index + 1 < edges.length; index++) {
    const start = edges[index]!;
    const end = edges[index + 1]!;
    const covering: number[] = [];
    ranges.forEach((range, rangeIndex) => {
      if (range.start <= start && end <= range.end) covering.push(rangeIndex);
    });
    segments.push({ start, end, covering, leaves: splitTextLeaves(text, start, end) });
  }
  return segments;
}

/**
 * The leaves of text[start, end): verbatim runs, and stand-ins for what must not be rendered as is.
 * Bidi controls are shown, not obeyed (as VisibleText does), so "gnp.exe" cannot pose as "exe.png".
 * A CR is hidden when an LF follows (CRLF is one line break) and becomes one when alone: a bare
 * `\r` is not reliably a line break under CSS white-space: pre-wrap.
 */
export function splitTextLeaves(text: string, start: number, end: number): TTextLeaf[] {
  const leaves: TTextLeaf[] = [];
  let runStart = start;
  for (let offset = start; offset < end; offset++) {
    const char = text[offset]!;
    const name = BIDI_CONTROLS.get(char);
    const display = name !== undefined ? `⟨${name}⟩` : char === '\r' ? (text[offset + 1] === '\n' ? '' : '\n') : null;
    if (display === null) continue;
    if (runStart < offset) leaves.push({ start: runStart, end: offset, display: text.slice(runStart, offset), isVerbatim: true });
    leaves.push({ start: offset, end: offset + 1, display, isVerbatim: false });
    runStart = offset + 1;
  }
  if (runStart < end) leaves.push({ start: runStart, end, display: text.slice(runStart, end), isVerbatim: true });
  return leaves;
}

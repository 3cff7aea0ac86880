import type { CSSProperties, ReactNode } from 'react';
import type { TTextRange } from '@/ml/spans/span-types';
import { assignSpanLanes } from './assign-span-lanes';
import { splitSpanSegments, type TTextLeaf } from './split-span-segments';

/**
 * How a range looks: a labeled span (tinted, solid underline), a suggestion not accepted yet
 * (dashed underline, no tint), and in review a span the majority agreed on (solid) or a disputed one
 * (wavy). The style differs by more than colour, and every mark ends in a badge naming its label.
 */
export type TMarkVariant = 'span' | 'suggestion' | 'agreed' | 'disputed';

export type TRenderedMark = {
  /** keySpan(span): identifies the span or suggestion a click on the mark selects. */
  key: string;
  kind: 'span' | 'suggestion';
  start: number;
  end: number;
  labelId: number;
  labelName: string;
  color: string;
  variant: TMarkVariant;
  isSelected?: boolean;
};

const LANE_GAP_PX = 5;

function styleMark(mark: TRenderedMark, lane: number): CSSProperties {
  const isTinted = mark.variant === 'span' || mark.variant === 'agreed';
  return {
    backgroundColor: isTinted && lane === 0 ? `color-mix(in srgb, ${mark.color} 16%, transparent)` : undefined,
    textDecorationLine: 'underline',
    textDecorationColor: mark.color,
    textDecorationStyle: mark.variant === 'suggestion' ? 'dashed' : mark.variant === 'disputed' ? 'wavy' : 'solid',
    textDecorationThickness: '3px',
    textDecorationSkipInk: 'none',
    textUnderlineOffset: `${3 + lane * LANE_GAP_PX}px`,
    outline: mark.isSelected ? '2px solid #0369a1' : undefined,
    outlineOffset: mark.isSelected ? '1px' : undefined,
  };
}

function describeBadgeSuffix(variant: TMarkVariant): string {
  return variant === 'suggestion' ? '?' : variant === 'disputed' ? ' (disputed)' : '';
}

function renderLeaf(leaf: TTextLeaf): ReactNode {
  const attributes = { 'data-leaf-start': leaf.start, 'data-leaf-end': leaf.end, 'data-verbatim': leaf.isVerbatim };
  if (leaf.isVerbatim || leaf.display === '' || leaf.display === '\n') {
    return (
      <span key={leaf.start} {...attributes}>
        {leaf.display}
      </span>
    );
  }
  return (
    <span key={leaf.start} {...attributes} title="A hidden control that changes the direction of the text" className="rounded bg-amber-100 px-0.5 font-mono text-xs text-amber-950">
      {leaf.display}
    </span>
  );
}

/**
 * The text cut at every mark edge, each segment wrapped in one <mark> per range covering it
 * (outer lane outside), so crossing and nested spans all show, each with its own underline depth.
 * Text is only ever rendered as React text (never HTML); each piece carries its offsets for
 * map-dom-point.ts. `focus` (the keyboard's pending selection or cursor word) is shaded.
 */
export function SpanText({ text, marks, focus }: { text: string; marks: readonly TRenderedMark[]; focus?: { range: TTextRange; isPending: boolean } | null }) {
  const lanes = assignSpanLanes(marks);
  const ranges: TTextRange[] = focus ? [...marks, focus.range] : [...marks];
  const focusIndex = focus ? marks.length : -1;
  const segments = splitSpanSegments(text, ranges);
  return (
    <>
      {segments.map((segment) => {
        const covering = segment.covering.filter((index) => index !== focusIndex).sort((a, b) => lanes[a]! - lanes[b]! || a - b);
        const isFocused = segment.covering.includes(focusIndex);
        let content: ReactNode = segment.leaves.map(renderLeaf);
        for (const index of [...covering].reverse()) {
          const mark = marks[index]!;
          content = (
            <mark
              key={mark.key}
              className="cursor-pointer rounded-sm bg-transparent text-inherit"
              style={styleMark(mark, lanes[index]!)}
              title={`${mark.labelName}${describeBadgeSuffix(mark.variant)}`}
              data-span-start={mark.start}
              data-span-end={mark.end}
              data-label-id={mark.labelId}
              data-item-kind={mark.kind}
              data-item-key={mark.key}
              data-variant={mark.variant}
              data-selected={mark.isSelected ? 'true' : undefined}
            >
              {content}
            </mark>
          );
        }
        const ending = covering.filter((index) => marks[index]!.end === segment.end);
        return (
          <span key={segment.start}>
            <span
              data-focus={isFocused ? (focus?.isPending ? 'pending' : 'cursor') : undefined}
              className={isFocused ? (focus?.isPending ? 'rounded-sm bg-sky-200' : 'rounded-sm outline-2 outline-offset-1 outline-sky-500 outline-dotted') : undefined}
            >
              {content}
            </span>
            {ending.map((index) => {
              const mark = marks[index]!;
              return (
                <span
                  key={mark.key}
                  aria-hidden="true"
                  data-leaf-start={mark.end}
                  data-leaf-end={mark.end}
                  data-verbatim={false}
                  className={`ml-0.5 select-none rounded px-1 align-text-top text-[0.65rem] font-medium leading-none text-slate-800 ${mark.variant === 'suggestion' ? 'border border-dashed' : 'border'}`}
                  style={{ borderColor: mark.color }}
                >
                  {mark.labelName}
                  {describeBadgeSuffix(mark.variant)}
                </span>
              );
            })}
          </span>
        );
      })}
    </>
  );
}

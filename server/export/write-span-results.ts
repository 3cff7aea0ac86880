import { compareSpans, type TSpan } from '@/ml/spans/span-types';

export type TLabelStudioSpanResult = {
  id: string;
  from_name: string;
  to_name: string;
  type: 'labels';
  value: { start: number; end: number; text: string; labels: string[] };
};

/**
 * Spans as a Label Studio `result` list for a `<Labels name=fromName toName=toName>` control:
 * offsets stay UTF-16 code units (Label Studio's own unit), `value.text` is the exact slice, one
 * region per span in text order. Region ids are stable (`q<index>`) so the same item exports the
 * same file. Throws on a label id missing from `labelNamesById` (a caller bug, not a data problem).
 */
export function toLabelStudioSpanResults(
  text: string,
  spans: readonly TSpan[],
  labelNamesById: ReadonlyMap<number, string>,
  fromName = 'label',
  toName = 'text',
): TLabelStudioSpanResult[] {
  return [...spans].sort(compareSpans).map((span, index) => {
    const name = labelNamesById.get(span.labelId);
    if (name === undefined) throw new Error(`no name for label id ${span.labelId}`);
    return {
      id: `q${index}`,
      from_name: fromName,
      to_name: toName,
      type: 'labels',
      value: { start: span.start, end: span.end, text: text.slice(span.start, span.end), labels: [name] },
    };
  });
}

import type { TNamedSpan } from '@/server/import/types';

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
 * region per span in the order given (stored spans are in text order). Region ids are stable
 * (`q<index>`) so the same item exports the same file.
 */
export function toLabelStudioSpanResults(text: string, spans: readonly TNamedSpan[], fromName = 'label', toName = 'text'): TLabelStudioSpanResult[] {
  return spans.map((span, index) => ({
    id: `q${index}`,
    from_name: fromName,
    to_name: toName,
    type: 'labels',
    value: { start: span.start, end: span.end, text: text.slice(span.start, span.end), labels: [span.label] },
  }));
}

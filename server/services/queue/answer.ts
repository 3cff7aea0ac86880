import type { TSpan, TStructuredValue } from '@/db/schema';

/**
 * One annotator's answer: a label (text and image classification) or a structured value (multi_label:
 * a set of labels; spans: labeled ranges). Stored as annotations.label_id or annotations.value.
 */
export type TAnswer = { labelId: number; value: null } | { labelId: null; value: TStructuredValue };

/** Reads a stored annotation's answer; a row with neither column set breaks a database check, so it cannot exist. */
export function readAnswer(labelId: number | null, value: TStructuredValue | null): TAnswer {
  if (labelId !== null) return { labelId, value: null };
  if (value === null) throw new Error('an annotation without label_id or value');
  return { labelId: null, value };
}

/** Sets sorted and de-duplicated, spans sorted: equal answers then have equal stored forms and keys. */
export function canonicalizeValue(value: TStructuredValue): TStructuredValue {
  if ('labelIds' in value) return { labelIds: [...new Set(value.labelIds)].sort((a, b) => a - b) };
  const seen = new Set<string>();
  const spans: TSpan[] = [];
  for (const span of [...value.spans].sort((a, b) => a.start - b.start || a.end - b.end || a.labelId - b.labelId)) {
    const key = `${span.start}:${span.end}:${span.labelId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    spans.push({ start: span.start, end: span.end, labelId: span.labelId });
  }
  return { spans };
}

/** Equal answers, and only equal answers, have equal keys. A single label's key is its id. */
export function keyOfAnswer(answer: TAnswer): string {
  if (answer.value === null) return String(answer.labelId);
  const value = canonicalizeValue(answer.value);
  if ('labelIds' in value) return `labels:${value.labelIds.join(',')}`;
  return `spans:${value.spans.map((span) => `${span.start}-${span.end}-${span.labelId}`).join(',')}`;
}

/**
 * The labels an answer uses, each once: what a reviewer reads as "who chose what", and what is checked
 * against the project's label set. Takes a stored answer or one as submitted (either field may be absent).
 */
export function listAnswerLabelIds(answer: { labelId?: number | null; value?: TStructuredValue | null }): number[] {
  if (answer.labelId != null) return [answer.labelId];
  if (!answer.value) return [];
  return [...new Set('labelIds' in answer.value ? answer.value.labelIds : answer.value.spans.map((span) => span.labelId))];
}

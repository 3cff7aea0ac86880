/** An answer as the review screens receive it: a label, or a value (multi-label: a set; spans). */
export type TAnswerView = {
  labelId: number | null;
  value?: { labelIds: number[] } | { spans: { start: number; end: number; labelId: number }[] } | null;
};

export function hasAnswer(answer: TAnswerView): boolean {
  return answer.labelId !== null || (answer.value ?? null) !== null;
}

/** The answer in words: a label's name, the names of a set ("none of these" when empty), or a count of spans. */
export function describeAnswer(answer: TAnswerView, labelName: (id: number | null) => string): string {
  const value = answer.value ?? null;
  if (value === null) return labelName(answer.labelId);
  if ('labelIds' in value) return value.labelIds.length === 0 ? 'none of these' : value.labelIds.map((id) => labelName(id)).join(', ');
  return `${value.spans.length} ${value.spans.length === 1 ? 'span' : 'spans'}`;
}

/** The answer as the decide and accept procedures take it. */
export function toAnswerInput(answer: TAnswerView): { labelId: number } | { value: NonNullable<TAnswerView['value']> } {
  if (answer.value) return { value: answer.value };
  if (answer.labelId === null) throw new Error('no answer');
  return { labelId: answer.labelId };
}

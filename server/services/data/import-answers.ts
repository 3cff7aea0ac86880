import type { TStructuredValue } from '@/db/schema';
import { canonicalizeValue, keyOfAnswer, readAnswer } from '@/server/services/queue/answer';

/** An answer in the columns it is stored in: a label id (single-label projects) or a value (multi-label). */
export type TStoredAnswer = { labelId: number | null; value: TStructuredValue | null };

/**
 * How the label names an import file gives become this project's stored answers: one label id, or a
 * set of label ids in a multi-label project. Names the reader could not resolve never get here.
 */
export function createImportAnswers(labelIds: ReadonlyMap<string, number>, isMultiLabel: boolean) {
  const idOf = (name: string) => labelIds.get(name) ?? null;
  function fromNames(names: string | readonly string[] | null | undefined): TStoredAnswer | null {
    if (names === null || names === undefined) return null;
    const list = typeof names === 'string' ? [names] : names;
    if (!isMultiLabel) {
      const labelId = list.length === 1 ? idOf(list[0]!) : null;
      return labelId === null ? null : { labelId, value: null };
    }
    const ids = list.map(idOf);
    if (ids.some((id) => id === null)) return null;
    return { labelId: null, value: canonicalizeValue({ labelIds: ids as number[] }) };
  }
  return {
    isMultiLabel,
    fromNames,
    /** Equal answers have equal keys (see keyOfAnswer); null when the names make no answer. */
    keyOf(names: string | readonly string[] | null | undefined): string | null {
      const answer = fromNames(names);
      return answer === null ? null : keyOfAnswer(readAnswer(answer.labelId, answer.value));
    },
  };
}

export type TImportAnswers = ReturnType<typeof createImportAnswers>;

/** A stored value as the jsonb text a batch statement takes; null stays null. */
export function toJsonParam(value: TStructuredValue | null): string | null {
  return value === null ? null : JSON.stringify(value);
}

/** The answers of one project's imports, from its label set and task type. */
export function createProjectImportAnswers(project: { taskType: string; labels: readonly { id: number; name: string }[] }): TImportAnswers {
  return createImportAnswers(new Map(project.labels.map((label) => [label.name, label.id])), project.taskType === 'multi_label');
}

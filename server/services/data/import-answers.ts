import type { TSpan, TStructuredValue, TTaskType } from '@/db/schema';
import { isImportSpans, type TImportAnswer } from '@/server/import';
import { canonicalizeValue, keyOfAnswer, readAnswer } from '@/server/services/queue/answer';

/** An answer in the columns it is stored in: a label id (single-label projects) or a value (multi-label, spans). */
export type TStoredAnswer = { labelId: number | null; value: TStructuredValue | null };

/** The shape a project's answers take: one label, a set of labels, or spans of the text. */
export type TImportAnswerShape = 'label' | 'label_set' | 'spans';

export function getImportAnswerShape(taskType: TTaskType | string): TImportAnswerShape {
  if (taskType === 'multi_label') return 'label_set';
  if (taskType === 'spans') return 'spans';
  return 'label';
}

/**
 * How the answers an import file gives (label names; spans naming their labels) become this project's
 * stored answers: one label id, a set of label ids in a multi-label project, spans with label ids in a
 * spans project. Names and spans the reader could not resolve or check never get here; an answer of
 * the wrong shape for the project makes no answer (null).
 */
export function createImportAnswers(labelIds: ReadonlyMap<string, number>, shape: TImportAnswerShape) {
  const idOf = (name: string) => labelIds.get(name) ?? null;
  function fromNames(answer: TImportAnswer | null | undefined): TStoredAnswer | null {
    if (answer === null || answer === undefined) return null;
    if (isImportSpans(answer)) {
      if (shape !== 'spans') return null;
      const spans: TSpan[] = [];
      for (const span of answer.spans) {
        const labelId = idOf(span.label);
        if (labelId === null) return null;
        spans.push({ start: span.start, end: span.end, labelId });
      }
      return { labelId: null, value: canonicalizeValue({ spans }) };
    }
    if (shape === 'spans') return null;
    const list = typeof answer === 'string' ? [answer] : answer;
    if (shape === 'label') {
      const labelId = list.length === 1 ? idOf(list[0]!) : null;
      return labelId === null ? null : { labelId, value: null };
    }
    const ids = list.map(idOf);
    if (ids.some((id) => id === null)) return null;
    return { labelId: null, value: canonicalizeValue({ labelIds: ids as number[] }) };
  }
  return {
    shape,
    fromNames,
    /** Equal answers have equal keys (see keyOfAnswer); null when the names make no answer. */
    keyOf(answer: TImportAnswer | null | undefined): string | null {
      const stored = fromNames(answer);
      return stored === null ? null : keyOfAnswer(readAnswer(stored.labelId, stored.value));
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
  return createImportAnswers(new Map(project.labels.map((label) => [label.name, label.id])), getImportAnswerShape(project.taskType));
}

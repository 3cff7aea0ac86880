import { MODEL_KIND_INPUT, MODEL_KIND_LABELS, MODEL_KINDS, type ClassifierKind, type ModelInput } from './model-kinds';

/**
 * The one rule tying model kinds to what a project labels: text models read hashed text features,
 * image models read pixels, and neither can train on the other. Null when `kind` fits, else why
 * not, in words for a person.
 */
export function findModelInputConflict(input: ModelInput, kind: ClassifierKind): string | null {
  if (MODEL_KIND_INPUT[kind] === input) return null;
  const fitting = MODEL_KINDS.filter((k) => MODEL_KIND_INPUT[k] === input).map((k) => MODEL_KIND_LABELS[k]);
  return `the ${MODEL_KIND_LABELS[kind]} model reads ${MODEL_KIND_INPUT[kind]}s; ${input} projects train ${fitting.join(' or ')}`;
}

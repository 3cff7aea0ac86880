/**
 * Model kinds a project can train; the settings layer builds its zod enum from this list.
 * Its own module, free of tfjs, so client-side settings code can import it.
 */
export const MODEL_KINDS = ['softmax', 'mlp'] as const;
export type ClassifierKind = (typeof MODEL_KINDS)[number];

/** How people call each kind, in messages and forms. */
export const MODEL_KIND_LABELS: Record<ClassifierKind, string> = { softmax: 'softmax regression', mlp: 'MLP' };

/** The only kind with dropout, hence the only one that gives MC-dropout samples. */
export const MC_DROPOUT_MODEL_KIND: ClassifierKind = 'mlp';

/** A kind read back from storage; an unknown one is a version this code cannot load. */
export function parseModelKind(value: string): ClassifierKind {
  const kind = MODEL_KINDS.find((k) => k === value);
  if (!kind) throw new Error(`unknown model kind '${value}'`);
  return kind;
}

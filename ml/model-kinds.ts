/**
 * Model kinds a project can train; the settings layer builds its zod enum from this list.
 * Its own module, free of tfjs, so client-side settings code can import it.
 */
export const MODEL_KINDS = ['softmax', 'mlp'] as const;
export type ClassifierKind = (typeof MODEL_KINDS)[number];

/**
 * Model kinds a project can train; the settings layer builds its zod enum from this list.
 * Its own module, free of tfjs, so client-side settings code can import it.
 */
export const MODEL_KINDS = ['softmax', 'mlp', 'cnn', 'pixel-softmax', 'bio-tagger'] as const;
export type ClassifierKind = (typeof MODEL_KINDS)[number];

/** What a model reads: text (hashed features), images (pixels of one input size), or a text's tokens to mark spans in. */
export const MODEL_INPUTS = ['text', 'image', 'span'] as const;
export type ModelInput = (typeof MODEL_INPUTS)[number];

export const MODEL_KIND_INPUT: Record<ClassifierKind, ModelInput> = { softmax: 'text', mlp: 'text', cnn: 'image', 'pixel-softmax': 'image', 'bio-tagger': 'span' };

export type ImageClassifierKind = Extract<ClassifierKind, 'cnn' | 'pixel-softmax'>;

/** How people call each kind, in messages and forms. */
export const MODEL_KIND_LABELS: Record<ClassifierKind, string> = {
  softmax: 'softmax regression',
  mlp: 'MLP',
  cnn: 'CNN',
  'pixel-softmax': 'pixel softmax regression',
  'bio-tagger': 'BIO token tagger',
};

/** Per input, the kind with dropout, hence the one that gives MC-dropout samples; span projects have none. */
export const MC_DROPOUT_MODEL_KINDS: Partial<Record<ModelInput, ClassifierKind>> = { text: 'mlp', image: 'cnn' };

/** What a new project of each input trains unless its settings say otherwise. */
export const DEFAULT_MODEL_KINDS: Record<ModelInput, ClassifierKind> = { text: 'softmax', image: 'cnn', span: 'bio-tagger' };

export function isImageModelKind(kind: ClassifierKind): kind is ImageClassifierKind {
  return MODEL_KIND_INPUT[kind] === 'image';
}

/** A kind read back from storage; an unknown one is a version this code cannot load. */
export function parseModelKind(value: string): ClassifierKind {
  const kind = MODEL_KINDS.find((k) => k === value);
  if (!kind) throw new Error(`unknown model kind '${value}'`);
  return kind;
}

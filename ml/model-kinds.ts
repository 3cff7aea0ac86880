/**
 * Model kinds a project can train; the settings layer builds its zod enum from this list.
 * Its own module, free of tfjs, so client-side settings code can import it.
 */
export const MODEL_KINDS = ['softmax', 'mlp', 'cnn', 'pixel-softmax', 'sigmoid', 'bio-tagger'] as const;
export type ClassifierKind = (typeof MODEL_KINDS)[number];

/** What a model reads: text (hashed features), images (pixels of one input size), or a text's tokens to mark spans in. */
export const MODEL_INPUTS = ['text', 'image', 'span'] as const;
export type ModelInput = (typeof MODEL_INPUTS)[number];

export const MODEL_KIND_INPUT: Record<ClassifierKind, ModelInput> = { softmax: 'text', mlp: 'text', cnn: 'image', 'pixel-softmax': 'image', sigmoid: 'text', 'bio-tagger': 'span' };

/**
 * What a model predicts: one label per item (a softmax over the labels), a set of labels (one
 * independent sigmoid per label, multi_label projects), or labeled spans (a tag per token, spans
 * projects). A project's task type fixes it.
 */
export const MODEL_TASKS = ['single_label', 'multi_label', 'spans'] as const;
export type ModelTask = (typeof MODEL_TASKS)[number];

export const MODEL_KIND_TASK: Record<ClassifierKind, ModelTask> = {
  softmax: 'single_label',
  mlp: 'single_label',
  cnn: 'single_label',
  'pixel-softmax': 'single_label',
  sigmoid: 'multi_label',
  'bio-tagger': 'spans',
};

export type ImageClassifierKind = Extract<ClassifierKind, 'cnn' | 'pixel-softmax'>;

/** How people call each kind, in messages and forms. */
export const MODEL_KIND_LABELS: Record<ClassifierKind, string> = {
  softmax: 'softmax regression',
  mlp: 'MLP',
  cnn: 'CNN',
  'pixel-softmax': 'pixel softmax regression',
  sigmoid: 'one-vs-rest sigmoid',
  'bio-tagger': 'BIO token tagger',
};

/** Per input, the kind with dropout, hence the one that gives MC-dropout samples; span projects have none. */
export const MC_DROPOUT_MODEL_KINDS: Partial<Record<ModelInput, ClassifierKind>> = { text: 'mlp', image: 'cnn' };

/** What a new project of each input trains unless its settings say otherwise. */
export const DEFAULT_MODEL_KINDS: Record<ModelInput, ClassifierKind> = { text: 'softmax', image: 'cnn', span: 'bio-tagger' };

/** What a multi-label project trains: the one kind that predicts label sets (its input is text). */
export const DEFAULT_MULTILABEL_MODEL_KIND: ClassifierKind = 'sigmoid';

/** The default kind of a project that reads `input` and predicts `task`. */
export function chooseDefaultModelKind(input: ModelInput, task: ModelTask): ClassifierKind {
  return task === 'multi_label' ? DEFAULT_MULTILABEL_MODEL_KIND : DEFAULT_MODEL_KINDS[input];
}

export function isImageModelKind(kind: ClassifierKind): kind is ImageClassifierKind {
  return MODEL_KIND_INPUT[kind] === 'image';
}

/** A kind read back from storage; an unknown one is a version this code cannot load. */
export function parseModelKind(value: string): ClassifierKind {
  const kind = MODEL_KINDS.find((k) => k === value);
  if (!kind) throw new Error(`unknown model kind '${value}'`);
  return kind;
}

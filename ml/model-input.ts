import { MODEL_KIND_INPUT, MODEL_KIND_LABELS, MODEL_KIND_TASK, MODEL_KINDS, type ClassifierKind, type ModelInput, type ModelTask } from './model-kinds';

/**
 * The one rule tying model kinds to what a project labels: text models read hashed text features,
 * image models read pixels, and neither can train on the other; a model that predicts one label
 * cannot answer with a set of labels, nor the reverse. Null when `kind` fits, else why not, in words
 * for a person.
 */
export function findModelInputConflict(input: ModelInput, kind: ClassifierKind, task: ModelTask = 'single_label'): string | null {
  const fitting = MODEL_KINDS.filter((k) => MODEL_KIND_INPUT[k] === input && MODEL_KIND_TASK[k] === task).map((k) => MODEL_KIND_LABELS[k]);
  const train = (projects: string) => (fitting.length > 0 ? `${projects} projects train ${fitting.join(' or ')}` : `no ${input} model predicts ${PREDICTS[task]}`);
  if (MODEL_KIND_INPUT[kind] !== input) return `the ${MODEL_KIND_LABELS[kind]} model reads ${MODEL_KIND_INPUT[kind]}s; ${train(input)}`;
  if (MODEL_KIND_TASK[kind] !== task) return `the ${MODEL_KIND_LABELS[kind]} model predicts ${PREDICTS[MODEL_KIND_TASK[kind]]}; ${train(TASK_NAMES[task])}`;
  return null;
}

const TASK_NAMES: Record<ModelTask, string> = { single_label: 'single-label', multi_label: 'multi-label', spans: 'span' };
const PREDICTS: Record<ModelTask, string> = { single_label: 'one label per item', multi_label: 'a set of labels per item', spans: 'labeled spans' };

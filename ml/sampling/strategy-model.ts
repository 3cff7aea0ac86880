import { DEFAULT_MULTILABEL_STRATEGY, MULTILABEL_SAMPLING_STRATEGIES, type MultilabelSamplingStrategyId } from '../multilabel/multilabel-strategies';
import { MC_DROPOUT_MODEL_KINDS, MODEL_KIND_INPUT, MODEL_KIND_LABELS, MODEL_KIND_TASK, type ClassifierKind, type ModelTask } from '../model-kinds';
import { isSpanSamplingStrategy } from '../spans/span-strategies';
import { DEFAULT_STRATEGY, isSamplingStrategyId, SAMPLING_STRATEGIES, type SamplingStrategy, type SamplingStrategyId } from './strategies';

/** Any strategy a project may choose: a single-label one (ml/sampling) or a multi-label one (ml/multilabel); `random` is both. */
export type ProjectStrategyId = SamplingStrategyId | MultilabelSamplingStrategyId;

/** Every strategy a project may choose, each id once (the settings' enum). */
export const PROJECT_STRATEGY_IDS: readonly ProjectStrategyId[] = [...new Set<ProjectStrategyId>([...SAMPLING_STRATEGIES.map((s) => s.id), ...MULTILABEL_SAMPLING_STRATEGIES.map((s) => s.id)])];

/**
 * The strategy a project of each task starts with. Span projects: token least confidence needed 300
 * items to 95% of full-data span F1 where margin needed 350 and random 400 (bench/results/spans.json).
 */
export const DEFAULT_TASK_STRATEGIES: Record<ModelTask, ProjectStrategyId> = { single_label: DEFAULT_STRATEGY, multi_label: DEFAULT_MULTILABEL_STRATEGY, spans: 'least_confidence' };

/** Token by token, a BIO tagger serves the single-label strategies that read one distribution (ml/spans/span-strategies.ts). */
const SPAN_STRATEGIES = SAMPLING_STRATEGIES.filter((s) => isSpanSamplingStrategy(s.id));

/**
 * The strategies a model of `kind` can serve: a set-predicting model scores label sets, a span
 * tagger each token's distribution (no dropout, no committee), the others one label's distribution.
 */
export function listModelStrategies(kind: ClassifierKind): readonly SamplingStrategy[] {
  const task = MODEL_KIND_TASK[kind];
  return task === 'multi_label' ? MULTILABEL_SAMPLING_STRATEGIES : task === 'spans' ? SPAN_STRATEGIES : SAMPLING_STRATEGIES;
}

/**
 * The one rule tying strategies to models: a strategy scores what its model predicts (a single-label
 * strategy reads one distribution over the labels, a multi-label one independent per-label
 * probabilities and thresholds, a span one each token's tags), and a strategy that scores MC-dropout
 * samples (BALD) needs a model with dropout (the MLP for text, the CNN for images). Null when `kind`
 * can serve `strategy`, else why not, in words for a person.
 */
export function findStrategyModelConflict(strategy: ProjectStrategyId, kind: ClassifierKind): string | null {
  return findStrategyTaskConflict(strategy, kind) ?? findDropoutConflict(strategy, kind);
}

/**
 * The first half of the rule: whether the strategy ranks what the model predicts (one label, a set
 * of labels, or tagged tokens). Unlike BALD's need for dropout, no other model of the project can
 * settle this, so project settings refuse it.
 */
export function findStrategyTaskConflict(strategy: ProjectStrategyId, kind: ClassifierKind): string | null {
  const served = listModelStrategies(kind);
  if (served.some((s) => s.id === strategy)) return null;
  const name = describeStrategy(strategy);
  const offered = served.map((s) => s.label.toLowerCase()).join(', ');
  switch (MODEL_KIND_TASK[kind]) {
    case 'multi_label':
      return `${name} ranks one label per item; the ${MODEL_KIND_LABELS[kind]} model of a multi-label project samples by ${offered}`;
    case 'spans':
      return `${name} does not apply to span projects: their ${MODEL_KIND_LABELS[kind]} has no dropout and no committee, and scores each token (${offered})`;
    case 'single_label':
      return `${name} ranks label sets; the ${MODEL_KIND_LABELS[kind]} model predicts one label per item and samples by ${offered}`;
  }
}

/** BALD's rule: MC-dropout samples need the input's model with dropout. */
function findDropoutConflict(strategy: ProjectStrategyId, kind: ClassifierKind): string | null {
  const described = SAMPLING_STRATEGIES.find((s) => s.id === strategy);
  const dropoutKind = MC_DROPOUT_MODEL_KINDS[MODEL_KIND_INPUT[kind]];
  if (described?.needs === 'mc-dropout' && dropoutKind && kind !== dropoutKind) {
    return `${described.label} needs the ${MODEL_KIND_LABELS[dropoutKind]} model (MC dropout)`;
  }
  return null;
}

function describeStrategy(strategy: ProjectStrategyId): string {
  return [...SAMPLING_STRATEGIES, ...MULTILABEL_SAMPLING_STRATEGIES].find((s) => s.id === strategy)?.label ?? strategy;
}

/**
 * The kind to train for a project: the one asked for, unless the strategy needs another of the same
 * input (BALD: the one with dropout). A multi-label or span kind is never swapped for a single-label one.
 */
export function chooseModelKind(strategy: ProjectStrategyId, requested: ClassifierKind): ClassifierKind {
  if (MODEL_KIND_TASK[requested] !== 'single_label') return requested;
  return findDropoutConflict(strategy, requested) === null ? requested : (MC_DROPOUT_MODEL_KINDS[MODEL_KIND_INPUT[requested]] ?? requested);
}

/**
 * The strategy a trained single-label model can serve: the asked one, or entropy (the same
 * uncertainty from one forward pass) for a version trained before the project switched to a
 * strategy it cannot serve.
 */
export function chooseServableStrategy(strategy: ProjectStrategyId, kind: ClassifierKind): SamplingStrategyId {
  return isSamplingStrategyId(strategy) && findStrategyModelConflict(strategy, kind) === null ? strategy : 'entropy';
}

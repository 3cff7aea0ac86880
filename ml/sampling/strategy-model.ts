import { MC_DROPOUT_MODEL_KINDS, MODEL_KIND_INPUT, MODEL_KIND_LABELS, type ClassifierKind } from '../model-kinds';
import { SAMPLING_STRATEGIES, type SamplingStrategyId } from './strategies';

/**
 * The one rule tying strategies to models: a strategy that scores MC-dropout samples (BALD) needs
 * a model with dropout (the MLP for text, the CNN for images). Null when `kind` can serve
 * `strategy`, else why not, in words for a person.
 */
export function findStrategyModelConflict(strategy: SamplingStrategyId, kind: ClassifierKind): string | null {
  const described = SAMPLING_STRATEGIES.find((s) => s.id === strategy);
  const dropoutKind = MC_DROPOUT_MODEL_KINDS[MODEL_KIND_INPUT[kind]];
  if (described?.needs === 'mc-dropout' && kind !== dropoutKind) {
    return `${described.label} needs the ${MODEL_KIND_LABELS[dropoutKind]} model (MC dropout)`;
  }
  return null;
}

/** The kind to train for a project: the one asked for, unless the strategy needs another (of the same input). */
export function chooseModelKind(strategy: SamplingStrategyId, requested: ClassifierKind): ClassifierKind {
  return findStrategyModelConflict(strategy, requested) === null ? requested : MC_DROPOUT_MODEL_KINDS[MODEL_KIND_INPUT[requested]];
}

/**
 * The strategy a trained model can serve: the asked one, or entropy (the same uncertainty from one
 * forward pass) for a version trained before the project switched to a strategy it cannot serve.
 */
export function chooseServableStrategy(strategy: SamplingStrategyId, kind: ClassifierKind): SamplingStrategyId {
  return findStrategyModelConflict(strategy, kind) === null ? strategy : 'entropy';
}

import { MC_DROPOUT_MODEL_KINDS, MODEL_KIND_INPUT, MODEL_KIND_LABELS, type ClassifierKind, type ModelInput } from '../model-kinds';
import { isSpanSamplingStrategy, SPAN_SAMPLING_STRATEGIES } from '../spans/span-strategies';
import { SAMPLING_STRATEGIES, type SamplingStrategyId } from './strategies';

/**
 * The one rule tying strategies to models: a strategy that scores MC-dropout samples (BALD) needs
 * a model with dropout (the MLP for text, the CNN for images), and a span project's BIO tagger
 * serves only the strategies that apply token by token. Null when `kind` can serve `strategy`,
 * else why not, in words for a person.
 */
export function findStrategyModelConflict(strategy: SamplingStrategyId, kind: ClassifierKind): string | null {
  const input = MODEL_KIND_INPUT[kind];
  const inputConflict = findStrategyInputConflict(strategy, input);
  if (inputConflict) return inputConflict;
  const described = SAMPLING_STRATEGIES.find((s) => s.id === strategy);
  const dropoutKind = MC_DROPOUT_MODEL_KINDS[input];
  if (described?.needs === 'mc-dropout' && dropoutKind && kind !== dropoutKind) {
    return `${described.label} needs the ${MODEL_KIND_LABELS[dropoutKind]} model (MC dropout)`;
  }
  return null;
}

/**
 * A strategy no model of `input` can serve, so a project's settings refuse it (where some other kind
 * can, the project trains that kind instead: chooseModelKind). Only span projects have such
 * strategies today.
 */
export function findStrategyInputConflict(strategy: SamplingStrategyId, input: ModelInput): string | null {
  if (input !== 'span' || isSpanSamplingStrategy(strategy)) return null;
  const described = SAMPLING_STRATEGIES.find((s) => s.id === strategy);
  const fitting = SPAN_SAMPLING_STRATEGIES.map((id) => SAMPLING_STRATEGIES.find((s) => s.id === id)!.label.toLowerCase());
  return `${described?.label ?? strategy} does not apply to span projects: their BIO token tagger has no dropout and no committee, and scores each token (${fitting.join(', ')})`;
}

/** The kind to train for a project: the one asked for, unless the strategy needs another (of the same input). */
export function chooseModelKind(strategy: SamplingStrategyId, requested: ClassifierKind): ClassifierKind {
  if (findStrategyModelConflict(strategy, requested) === null) return requested;
  return MC_DROPOUT_MODEL_KINDS[MODEL_KIND_INPUT[requested]] ?? requested;
}

/**
 * The strategy a trained model can serve: the asked one, or entropy (the same uncertainty from one
 * forward pass) for a version trained before the project switched to a strategy it cannot serve.
 */
export function chooseServableStrategy(strategy: SamplingStrategyId, kind: ClassifierKind): SamplingStrategyId {
  return findStrategyModelConflict(strategy, kind) === null ? strategy : 'entropy';
}

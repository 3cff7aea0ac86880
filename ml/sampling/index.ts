export { scoreBald } from './bald';
export { DEFAULT_COLD_START_LABELS_PER_CLASS, isColdStart } from './cold-start';
export { computeCommitteeVotes, scoreVoteEntropy } from './committee';
export { scoreEntropy } from './entropy';
export { scoreLeastConfidence } from './least-confidence';
export { scoreMargin } from './margin';
export { computeQueuePriorities, orderQueue, type OrderQueueInput } from './queue-order';
export { scoreRandom } from './random-scores';
export { selectRepresentatives, type SelectRepresentativesOptions } from './select-representatives';
export { BATCH_DIVERSITIES, DEFAULT_CANDIDATE_FACTOR, selectBatch, type BatchDiversity, type BatchPick, type SelectBatchOptions } from './select-batch';
export {
  DEFAULT_STRATEGY,
  isSamplingStrategyId,
  SAMPLING_STRATEGIES,
  scorePool,
  type SamplingStrategy,
  type SamplingStrategyId,
  type ScorePoolInput,
} from './strategies';
export { chooseModelKind, chooseServableStrategy, findStrategyModelConflict } from './strategy-model';

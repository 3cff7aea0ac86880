import type * as tf from '@tensorflow/tfjs';
import { getBackendName, initBackend } from '@/ml/backend';
import { restoreFeaturizer } from '@/ml/features/featurizer';
import { createMultilabelPoolScorer } from '@/ml/multilabel/multilabel-pool-scorer';
import { simulateMultilabelStrategies } from '@/ml/multilabel/simulate-multilabel-strategies';
import { trainMultilabelModel, type TSigmoidWarmStart } from '@/ml/multilabel/train-multilabel-model';
import type { PoolScorer } from '@/ml/pipeline/pool-scorer';
import { deserializeModel, serializeModel } from '@/ml/predict';
import type { TCompute } from '@/server/services/learning/compute';

/** Series whose last weights are kept (~1 MB per label each at 2^18 features). */
const MAX_WARM_STARTS = 4;

type TMultilabelOperations = Pick<TCompute, 'trainMultilabel' | 'openMultilabelScorer' | 'simulateMultilabel'>;

/**
 * The multi-label half of the compute service (compute-service.ts): training a version, opening a
 * scoring session on a stored one, and the strategy simulation. Sessions are the service's own
 * (`openSession`), so scoring, diverse heads, representatives and closing go through its usual calls.
 */
export function createMultilabelOperations({ openSession }: { openSession: (scorer: PoolScorer, models: tf.LayersModel[]) => string }): TMultilabelOperations {
  // Most recently trained last: the oldest series is dropped first.
  const warmStarts = new Map<string, TSigmoidWarmStart>();
  const rememberWarmStart = (key: string | null | undefined, warmStart: TSigmoidWarmStart) => {
    if (!key) return;
    warmStarts.delete(key);
    warmStarts.set(key, warmStart);
    if (warmStarts.size > MAX_WARM_STARTS) warmStarts.delete(warmStarts.keys().next().value!);
  };

  return {
    async trainMultilabel(request, onProgress) {
      await initBackend();
      const previous = request.warmStartKey ? (warmStarts.get(request.warmStartKey) ?? null) : null;
      const trained = await trainMultilabelModel({ ...request, warmStart: previous, onProgress });
      rememberWarmStart(request.warmStartKey, trained.warmStart);
      try {
        const artifact = await serializeModel(trained.model);
        const sessionId = request.scoring
          ? openSession(
              createMultilabelPoolScorer({ model: trained.model, featurizer: trained.featurizer, thresholds: trained.metadata.thresholds, ...request.scoring }),
              [trained.model],
            )
          : null;
        if (!sessionId) trained.model.dispose();
        return {
          sessionId,
          artifact,
          featurizerConfig: trained.featurizer.toConfig(),
          metadata: trained.metadata,
          evaluation: trained.evaluation,
          isWarmStarted: previous !== null && previous.dim === trained.featurizer.dim && previous.numLabels === request.numLabels,
          seconds: trained.seconds,
          backend: getBackendName() ?? 'unknown',
        };
      } catch (error) {
        trained.model.dispose();
        throw error;
      }
    },

    async openMultilabelScorer(request) {
      await initBackend();
      const featurizer = restoreFeaturizer(request.featurizerConfig);
      const model = await deserializeModel(request.artifact);
      try {
        const scorer = createMultilabelPoolScorer({ model, featurizer, thresholds: request.thresholds, strategy: request.strategy, seed: request.seed });
        return { sessionId: openSession(scorer, [model]) };
      } catch (error) {
        model.dispose();
        throw error;
      }
    },

    async simulateMultilabel(request, onProgress) {
      await initBackend();
      return simulateMultilabelStrategies({ ...request, onProgress });
    },
  };
}

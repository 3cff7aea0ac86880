import type * as tf from '@tensorflow/tfjs';
import { randomUUID } from 'node:crypto';
import { getBackendName, initBackend } from '@/ml/backend';
import { restoreFeaturizer } from '@/ml/features/featurizer';
import { selectColdStartBatch } from '@/ml/pipeline/cold-start-batch';
import { createPoolScorer, DEFAULT_MC_SAMPLES, type PoolScorer } from '@/ml/pipeline/pool-scorer';
import { trainModel, type WarmStart } from '@/ml/pipeline/train-model';
import { deserializeModel, serializeModel } from '@/ml/predict';
import { prepareSimulation, type PreparedSimulation } from '@/ml/simulate/prepare-simulation';
import { runSimulation } from '@/ml/simulate/run-simulation';
import { runSimulationTask } from '@/ml/simulate/run-simulation-task';
import { trainCommittee } from '@/ml/train';
import type { TCompute, TOpenScorerRequest, TScoringSetup } from '@/server/services/learning/compute';

type TSession = { scorer: PoolScorer; models: tf.LayersModel[] };

/** Series whose last weights are kept (~5 MB per class each for 2^18 features and four folds). */
const MAX_WARM_STARTS = 4;

/**
 * The TCompute operations themselves, run in whatever thread calls them. Scoring sessions
 * keep a model (and its committee) in memory between calls, so a pool streams through in
 * chunks without reloading it; `closeScorer` disposes them.
 */
export function createComputeService(): Omit<TCompute, 'close'> & { closeAll(): void } {
  const sessions = new Map<string, TSession>();
  // Most recently trained last: the oldest series is dropped first.
  const warmStarts = new Map<string, WarmStart>();
  // One simulation at a time: its tasks arrive one after another, so only the last is kept.
  let simulation: { id: string; prepared: PreparedSimulation } | null = null;

  const openSession = (session: TSession): string => {
    const sessionId = randomUUID();
    sessions.set(sessionId, session);
    return sessionId;
  };

  const requireSession = (sessionId: string): TSession => {
    const session = sessions.get(sessionId);
    if (!session) throw new Error(`no scoring session ${sessionId} (it was closed or the thread restarted)`);
    return session;
  };

  const disposeSession = (session: TSession) => session.models.forEach((model) => model.dispose());

  return {
    async describeBackend() {
      return { backend: (await initBackend()).name };
    },

    async train(request, onProgress) {
      await initBackend();
      const { scoring, warmStartKey } = request;
      const trained = await trainModel({
        ...request,
        warmStart: warmStartKey ? warmStarts.get(warmStartKey) : null,
        committeeMembers: scoring?.strategy === 'committee' ? scoring.committeeMembers : 0,
        onProgress,
      });
      if (warmStartKey) {
        warmStarts.delete(warmStartKey);
        warmStarts.set(warmStartKey, trained.warmStart);
        if (warmStarts.size > MAX_WARM_STARTS) warmStarts.delete(warmStarts.keys().next().value!);
      }
      try {
        const artifact = await serializeModel(trained.model);
        let sessionId: string | null = null;
        if (scoring) {
          sessionId = openSession({
            scorer: createPoolScorer({
              model: trained.model,
              featurizer: trained.featurizer,
              numClasses: request.numClasses,
              strategy: scoring.strategy,
              committee: trained.committee,
              mcSamples: scoring.mcSamples,
              seed: scoring.seed,
            }),
            models: [trained.model, ...trained.committee],
          });
        } else {
          trained.model.dispose();
          trained.committee.forEach((member) => member.dispose());
        }
        return {
          sessionId,
          artifact,
          featurizerConfig: trained.featurizer.toConfig(),
          history: trained.history,
          epochs: trained.epochs,
          bestEpoch: trained.bestEpoch,
          evaluation: trained.evaluation,
          temperature: trained.temperature,
          outOfFold: trained.outOfFold,
          seconds: trained.seconds,
          backend: getBackendName() ?? 'unknown',
        };
      } catch (error) {
        trained.model.dispose();
        trained.committee.forEach((member) => member.dispose());
        throw error;
      }
    },

    async openScorer(request: TOpenScorerRequest) {
      await initBackend();
      const featurizer = restoreFeaturizer(request.featurizerConfig);
      const model = await deserializeModel(request.artifact);
      const committee: tf.LayersModel[] = [];
      try {
        if (request.strategy === 'committee') {
          if (!request.committeeData || request.committeeData.labels.length === 0) throw new Error('the committee strategy needs the training labels');
          const { texts, labels, kind } = request.committeeData;
          const members = await trainCommittee({
            rows: featurizer.transformSparse(texts),
            y: labels,
            dim: featurizer.dim,
            numClasses: request.numClasses,
            kind,
            seed: request.seed,
            members: request.committeeMembers,
          });
          committee.push(...members.map((m) => m.model));
        }
        const scorer = createPoolScorer({ ...scoringOptions(request), model, featurizer, numClasses: request.numClasses, committee });
        return { sessionId: openSession({ scorer, models: [model, ...committee] }) };
      } catch (error) {
        model.dispose();
        committee.forEach((member) => member.dispose());
        throw error;
      }
    },

    async score(sessionId, texts) {
      return requireSession(sessionId).scorer.score(texts);
    },

    async selectDiverse(sessionId, texts, scores, batchSize, diversity) {
      return requireSession(sessionId).scorer.selectDiverse(texts, scores, batchSize, diversity);
    },

    async selectColdStartBatch(texts, count, featurizer, seed) {
      return selectColdStartBatch(texts, count, featurizer, seed);
    },

    async selectRepresentatives(sessionId, texts, count) {
      return requireSession(sessionId).scorer.selectRepresentatives(texts, count);
    },

    async closeScorer(sessionId) {
      const session = sessions.get(sessionId);
      if (!session) return;
      sessions.delete(sessionId);
      disposeSession(session);
    },

    async simulate(request, onProgress) {
      await initBackend();
      return runSimulation({ ...request, onProgress });
    },

    async simulateTask({ simulationId, simulation: request, task }, onProgress) {
      await initBackend();
      if (simulation?.id !== simulationId) simulation = { id: simulationId, prepared: prepareSimulation(request) };
      const { prepared } = simulation;
      const outcome = await runSimulationTask(prepared, task, onProgress);
      const { evalSize, poolSize, budget, totalSteps, dim, features } = prepared;
      return { outcome, shape: { evalSize, poolSize, budget, totalSteps, dim, features } };
    },

    closeAll() {
      for (const session of sessions.values()) disposeSession(session);
      sessions.clear();
      simulation = null;
    },
  };
}

function scoringOptions(setup: TScoringSetup) {
  return { strategy: setup.strategy, mcSamples: setup.mcSamples || DEFAULT_MC_SAMPLES, seed: setup.seed };
}

/** TCompute in the calling thread: for tests, benchmarks and tools that own their process. */
export function createInlineCompute(): TCompute {
  const service = createComputeService();
  return { ...service, close: async () => service.closeAll() };
}

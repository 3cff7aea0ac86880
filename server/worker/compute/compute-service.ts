import type * as tf from '@tensorflow/tfjs';
import { randomUUID } from 'node:crypto';
import { getBackendName, initBackend } from '@/ml/backend';
import { restoreFeaturizer } from '@/ml/features/featurizer';
import { createImagePoolScorer, type ImagePoolScorer } from '@/ml/images/image-pool-scorer';
import { isImageInputConfig } from '@/ml/images/image-input';
import type { ImageSet } from '@/ml/images/image-set';
import { trainImageCommittee } from '@/ml/images/train-image-committee';
import { trainImageModel } from '@/ml/images/train-image-model';
import type { ImageWarmStart } from '@/ml/images/train-image-classifier';
import { isImageModelKind } from '@/ml/model-kinds';
import { selectColdStartBatch } from '@/ml/pipeline/cold-start-batch';
import { createPoolScorer, DEFAULT_MC_SAMPLES, type PoolScorer } from '@/ml/pipeline/pool-scorer';
import { trainModel, type WarmStart } from '@/ml/pipeline/train-model';
import { deserializeModel, serializeModel } from '@/ml/predict';
import { prepareSimulation, type PreparedSimulation } from '@/ml/simulate/prepare-simulation';
import { runSimulation } from '@/ml/simulate/run-simulation';
import { runSimulationTask } from '@/ml/simulate/run-simulation-task';
import { trainCommittee } from '@/ml/train';
import type { TCompute, TOpenScorerRequest, TPoolItems, TScoringSetup, TTrainRequest, TTrainResponse } from '@/server/services/learning/compute';
import { createSpanComputeService } from './span-compute-service';
import { createMultilabelOperations } from './multilabel-compute-service';

/** A scoring session holds a text scorer or an image scorer; the items it is given must match. */
type TSession = { scorer: PoolScorer; imageScorer?: never; models: tf.LayersModel[] } | { scorer?: never; imageScorer: ImagePoolScorer; models: tf.LayersModel[] };

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
  const warmStarts = new Map<string, WarmStart | ImageWarmStart>();
  // One simulation at a time: its tasks arrive one after another, so only the last is kept.
  let simulation: { id: string; prepared: PreparedSimulation } | null = null;
  // Span projects' tagger, sessions and simulator (span-compute-service.ts).
  const spans = createSpanComputeService();

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

  const rememberWarmStart = (key: string | null | undefined, warmStart: WarmStart | ImageWarmStart) => {
    if (!key) return;
    warmStarts.delete(key);
    warmStarts.set(key, warmStart);
    if (warmStarts.size > MAX_WARM_STARTS) warmStarts.delete(warmStarts.keys().next().value!);
  };

  /** An image project's version: the image pipeline, the same response and scoring session. */
  const trainImages = async (request: TTrainRequest & { images: NonNullable<TTrainRequest['images']> }, onProgress: Parameters<TCompute['train']>[1]): Promise<TTrainResponse> => {
    const { scoring, warmStartKey, images } = request;
    if (!isImageModelKind(request.kind)) throw new Error(`the ${request.kind} model cannot train on images`);
    const previous = warmStartKey ? warmStarts.get(warmStartKey) : null;
    const trained = await trainImageModel({
      images: images.train,
      labels: request.labels,
      numClasses: request.numClasses,
      evalImages: images.eval,
      evalLabels: request.evalLabels,
      input: images.input,
      kind: request.kind,
      seed: request.seed,
      maxEpochs: request.maxEpochs,
      outOfFoldFolds: request.outOfFoldFolds,
      committeeMembers: scoring?.strategy === 'committee' ? scoring.committeeMembers : 0,
      warmStart: previous && 'values' in previous ? previous : null,
      onProgress,
    });
    rememberWarmStart(warmStartKey, trained.warmStart);
    const models = [trained.model, ...trained.committee];
    try {
      const artifact = await serializeModel(trained.model);
      const sessionId = scoring
        ? openSession({
            imageScorer: createImagePoolScorer({ model: trained.model, numClasses: request.numClasses, committee: trained.committee, ...scoringOptions(scoring) }),
            models,
          })
        : null;
      if (!sessionId) models.forEach((model) => model.dispose());
      return {
        sessionId,
        artifact,
        featurizerConfig: trained.input,
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
      models.forEach((model) => model.dispose());
      throw error;
    }
  };

  const openImageScorer = async (request: TOpenScorerRequest): Promise<{ sessionId: string }> => {
    const model = await deserializeModel(request.artifact);
    const committee: tf.LayersModel[] = [];
    try {
      if (request.strategy === 'committee') {
        const data = request.committeeData;
        if (!data?.images || data.labels.length === 0 || !isImageModelKind(data.kind)) throw new Error('the committee strategy needs the training images and labels');
        committee.push(...(await trainImageCommittee({ images: data.images, y: data.labels, numClasses: request.numClasses, kind: data.kind, seed: request.seed, members: request.committeeMembers })));
      }
      const imageScorer = createImagePoolScorer({ ...scoringOptions(request), model, numClasses: request.numClasses, committee });
      return { sessionId: openSession({ imageScorer, models: [model, ...committee] }) };
    } catch (error) {
      model.dispose();
      committee.forEach((member) => member.dispose());
      throw error;
    }
  };

  return {
    ...createMultilabelOperations({ openSession: (scorer, models) => openSession({ scorer, models }) }),

    async describeBackend() {
      return { backend: (await initBackend()).name };
    },

    async train(request, onProgress) {
      await initBackend();
      if (request.images) return trainImages({ ...request, images: request.images }, onProgress);
      const { scoring, warmStartKey } = request;
      const previous = warmStartKey ? warmStarts.get(warmStartKey) : null;
      const trained = await trainModel({
        ...request,
        warmStart: previous && 'main' in previous ? previous : null,
        committeeMembers: scoring?.strategy === 'committee' ? scoring.committeeMembers : 0,
        onProgress,
      });
      rememberWarmStart(warmStartKey, trained.warmStart);
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
      if (isImageInputConfig(request.featurizerConfig)) return openImageScorer(request);
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

    async score(sessionId, items) {
      const session = requireSession(sessionId);
      return session.scorer ? session.scorer.score(asTexts(items)) : session.imageScorer.score(asImages(items));
    },

    async selectDiverse(sessionId, items, scores, batchSize, diversity) {
      const session = requireSession(sessionId);
      return session.scorer ? session.scorer.selectDiverse(asTexts(items), scores, batchSize, diversity) : session.imageScorer.selectDiverse(asImages(items), scores, batchSize, diversity);
    },

    async selectColdStartBatch(texts, count, featurizer, seed) {
      return selectColdStartBatch(texts, count, featurizer, seed);
    },

    async selectRepresentatives(sessionId, items, count) {
      const session = requireSession(sessionId);
      return session.scorer ? session.scorer.selectRepresentatives(asTexts(items), count) : session.imageScorer.selectRepresentatives(asImages(items), count);
    },

    trainSpanTagger: spans.trainSpanTagger,
    openSpanScorer: spans.openSpanScorer,
    scoreSpans: spans.scoreSpans,
    simulateSpans: spans.simulateSpans,

    async closeScorer(sessionId) {
      if (spans.closeSession(sessionId)) return;
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
      spans.closeAll();
      simulation = null;
    },
  };
}

function asTexts(items: TPoolItems): string[] {
  if (!Array.isArray(items)) throw new Error('this scoring session scores texts, not images');
  return items;
}

function asImages(items: TPoolItems): ImageSet {
  if (Array.isArray(items)) throw new Error('this scoring session scores images, not texts');
  return items;
}

function scoringOptions(setup: TScoringSetup) {
  return { strategy: setup.strategy, mcSamples: setup.mcSamples || DEFAULT_MC_SAMPLES, seed: setup.seed };
}

/** TCompute in the calling thread: for tests, benchmarks and tools that own their process. */
export function createInlineCompute(): TCompute {
  const service = createComputeService();
  return { ...service, close: async () => service.closeAll() };
}

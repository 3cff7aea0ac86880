import { randomUUID } from 'node:crypto';
import { getBackendName, initBackend } from '@/ml/backend';
import { countBioClasses } from '@/ml/spans/bio-tags';
import { evaluateSpanTagger } from '@/ml/spans/evaluate-span-tagger';
import { predictSpans } from '@/ml/spans/predict-spans';
import { scoreSpanTokens } from '@/ml/spans/score-span-uncertainty';
import { deserializeSpanTagger, serializeSpanTagger } from '@/ml/spans/serialize-span-tagger';
import { getTokenUncertainty } from '@/ml/spans/span-strategies';
import type { TSpanTagger } from '@/ml/spans/span-tagger';
import { trainSpanTagger, type TSpanTaggerWeights } from '@/ml/spans/train-span-tagger';
import { runSpanSimulation } from '@/ml/simulate/run-span-simulation';
import type { TCompute } from '@/server/services/learning/compute';
import type { TSpanScoringSetup } from '@/server/services/learning/span-compute';

/** Series whose last weights are kept: 2^18 features × (1 + 2·labels) classes, ~9 MB for four labels. */
const MAX_WARM_STARTS = 2;

type TSpanSession = { tagger: TSpanTagger; setup: TSpanScoringSetup };

/**
 * The span half of the compute service (TCompute's trainSpanTagger, openSpanScorer, scoreSpans,
 * simulateSpans). Its scoring sessions live beside the text ones, under the same kind of id, so
 * `closeScorer` closes either; `closeSession` says whether the id was one of these.
 */
export function createSpanComputeService(): Pick<TCompute, 'trainSpanTagger' | 'openSpanScorer' | 'scoreSpans' | 'simulateSpans'> & {
  closeSession(sessionId: string): boolean;
  closeAll(): void;
} {
  const sessions = new Map<string, TSpanSession>();
  // Most recently trained last: the oldest series is dropped first.
  const warmStarts = new Map<string, TSpanTaggerWeights>();

  const openSession = (session: TSpanSession): string => {
    const sessionId = randomUUID();
    sessions.set(sessionId, session);
    return sessionId;
  };

  return {
    async trainSpanTagger(request, onProgress) {
      await initBackend();
      const started = performance.now();
      const warm = request.warmStartKey ? (warmStarts.get(request.warmStartKey) ?? null) : null;
      const items = request.texts.map((text, i) => ({ text, spans: request.spans[i] ?? [] }));
      onProgress?.({ stage: 'training' });
      const trained = await trainSpanTagger(items, { labelIds: request.labelIds, seed: request.seed, locale: request.locale, init: warm });
      const trainedAt = performance.now();
      try {
        if (request.warmStartKey && trained.weights) {
          warmStarts.delete(request.warmStartKey);
          warmStarts.set(request.warmStartKey, trained.weights);
          if (warmStarts.size > MAX_WARM_STARTS) warmStarts.delete(warmStarts.keys().next().value!);
        }
        onProgress?.({ stage: 'evaluating', tokens: trained.tokens });
        const evaluation = evaluateSpanTagger(trained, {
          trainItems: items,
          evalItems: request.evalTexts.map((text, i) => ({ text, spans: request.evalSpans[i] ?? [] })),
        });
        const { artifact, config } = await serializeSpanTagger(trained);
        const sessionId = request.scoring ? openSession({ tagger: { config, model: trained.model }, setup: request.scoring }) : null;
        if (!sessionId) trained.model.dispose();
        return {
          sessionId,
          artifact,
          config,
          evaluation,
          tokens: trained.tokens,
          skippedSpans: trained.skippedSpans,
          isWarmStarted: warm !== null,
          seconds: { training: (trainedAt - started) / 1000, evaluating: (performance.now() - trainedAt) / 1000 },
          backend: getBackendName() ?? 'unknown',
        };
      } catch (error) {
        trained.model.dispose();
        throw error;
      }
    },

    async openSpanScorer({ artifact, config, ...setup }) {
      await initBackend();
      const tagger = await deserializeSpanTagger({ artifact, config });
      return { sessionId: openSession({ tagger, setup }) };
    },

    async scoreSpans(sessionId, texts) {
      const session = sessions.get(sessionId);
      if (!session) throw new Error(`no span scoring session ${sessionId} (it was closed or the thread restarted)`);
      const { tagger, setup } = session;
      const k = countBioClasses(tagger.config.labelIds.length);
      const predicted = predictSpans(tagger, texts);
      const probs = predicted.map((item) => item.probs);
      const scores = scoreSpanTokens(probs, k, { measure: getTokenUncertainty(setup.strategy) ?? 'least_confidence' });
      // 1 − mean least confidence is the mean top-tag probability.
      const confidences = scoreSpanTokens(probs, k, { measure: 'least_confidence' }).map((uncertainty, i) => (predicted[i]!.tokens.length === 0 ? 1 : 1 - uncertainty));
      return { scores, confidences, spans: predicted.map((item) => item.spans) };
    },

    async simulateSpans(request, onProgress) {
      await initBackend();
      return runSpanSimulation({ ...request, onProgress });
    },

    closeSession(sessionId) {
      const session = sessions.get(sessionId);
      if (!session) return false;
      sessions.delete(sessionId);
      session.tagger.model.dispose();
      return true;
    },

    closeAll() {
      for (const session of sessions.values()) session.tagger.model.dispose();
      sessions.clear();
    },
  };
}

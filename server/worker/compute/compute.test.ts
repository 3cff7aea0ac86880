import { afterAll, describe, expect, it } from 'vitest';
import { generateSyntheticText } from '@/ml/fixtures/synthetic-text';
import { scoreMargin } from '@/ml/sampling';
import type { TTrainRequest } from '@/server/services/learning/compute';
import { createInlineCompute } from './compute-service';
import { createThreadCompute } from './thread-compute';

const { texts, labels } = generateSyntheticText({ numClasses: 2, perClass: 50, seed: 8, signal: 0.5 });
const request: TTrainRequest = {
  texts: texts.slice(0, 80),
  labels: labels.slice(0, 80),
  numClasses: 2,
  corpus: [],
  evalTexts: texts.slice(80),
  evalLabels: labels.slice(80),
  featurizer: { kind: 'hashed-ngrams', dim: 256 },
  kind: 'softmax',
  seed: 4,
  outOfFoldFolds: 0,
  scoring: { strategy: 'margin', committeeMembers: 0, mcSamples: 0, seed: 1 },
};

describe('compute in a worker thread', () => {
  const thread = createThreadCompute();
  const inline = createInlineCompute();
  afterAll(async () => {
    await thread.close();
    await inline.close();
  });

  it('trains, streams progress and scores exactly like the same code in-process', async () => {
    const epochs: number[] = [];
    const fromThread = await thread.train(request, (progress) => progress.stage === 'training' && epochs.push(progress.epoch));
    const fromInline = await inline.train(request);
    expect(fromThread.backend).toBe('wasm');
    expect(epochs.length).toBe(fromThread.epochs);
    expect(fromThread.history).toEqual(fromInline.history);
    expect(fromThread.evaluation!.accuracy).toEqual(fromInline.evaluation!.accuracy);
    expect(fromThread.artifact.weightData).toEqual(fromInline.artifact.weightData);

    const scored = await thread.score(fromThread.sessionId!, texts.slice(80));
    expect(scored.scores).toEqual(scoreMargin(scored.probs, 2));
    expect(scored.probs).toEqual((await inline.score(fromInline.sessionId!, texts.slice(80))).probs);

    // A scorer reopened from the stored artifact gives the same probabilities.
    const reopened = await thread.openScorer({
      artifact: fromThread.artifact,
      featurizerConfig: fromThread.featurizerConfig,
      numClasses: 2,
      strategy: 'entropy',
      committeeMembers: 0,
      mcSamples: 0,
      seed: 1,
      committeeData: null,
    });
    expect((await thread.score(reopened.sessionId, texts.slice(80))).probs).toEqual(scored.probs);
    await thread.closeScorer(fromThread.sessionId!);
    await thread.closeScorer(reopened.sessionId);
    await expect(thread.score(reopened.sessionId, ['x'])).rejects.toThrow(/no scoring session/);
  });

  it('starts a fresh thread after the old one is gone', async () => {
    await thread.close();
    expect(await thread.describeBackend()).toEqual({ backend: 'wasm' });
  });
});

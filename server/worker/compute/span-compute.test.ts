import { afterAll, describe, expect, it } from 'vitest';
import type { TSpanTrainRequest } from '@/server/services/learning/span-compute';
import { generateSpanItems } from '@/server/testing/span-fixtures';
import { createInlineCompute } from './compute-service';
import { createThreadCompute } from './thread-compute';

const PER = 7;
const LOC = 9;
const seen = generateSpanItems(60, { personId: PER, placeId: LOC, seed: 2 });
const unseen = generateSpanItems(20, { personId: PER, placeId: LOC, seed: 4, isUnseen: true });
const request: TSpanTrainRequest = {
  texts: seen.map((item) => item.text),
  spans: seen.map((item) => item.spans),
  evalTexts: unseen.map((item) => item.text),
  evalSpans: unseen.map((item) => item.spans),
  labelIds: [PER, LOC],
  seed: 3,
  warmStartKey: null,
  scoring: { strategy: 'least_confidence' },
};

describe('the span tagger in the compute thread', () => {
  const thread = createThreadCompute();
  const inline = createInlineCompute();
  afterAll(async () => {
    await thread.close();
    await inline.close();
  });

  it('trains, evaluates and scores across the thread boundary exactly as in-process, and reopens from the stored artifact', async () => {
    const stages: string[] = [];
    const fromThread = await thread.trainSpanTagger(request, (progress) => stages.push(progress.stage));
    const fromInline = await inline.trainSpanTagger(request);
    expect(stages).toEqual(['training', 'evaluating']);
    expect(fromThread.config).toEqual(fromInline.config);
    // 2^18 features × 5 classes: compared as bytes (a deep equality over 5 MB element by element takes a minute).
    expect(Buffer.from(fromThread.artifact.weightData).equals(Buffer.from(fromInline.artifact.weightData))).toBe(true);
    expect(fromThread.evaluation).toEqual(fromInline.evaluation);
    expect(fromThread.evaluation!.model.exact.f1).toBeGreaterThan(fromThread.evaluation!.baseline.exact.f1 ?? 0);

    const texts = unseen.map((item) => item.text);
    const scored = await thread.scoreSpans(fromThread.sessionId!, texts);
    expect(scored.scores).toEqual((await inline.scoreSpans(fromInline.sessionId!, texts)).scores);
    expect(scored.spans).toHaveLength(texts.length);
    // Each item's confidence is 1 − its score (least confidence, mean over tokens).
    scored.confidences.forEach((confidence, i) => expect(confidence).toBeCloseTo(1 - scored.scores[i]!, 6));

    const reopened = await thread.openSpanScorer({ artifact: fromThread.artifact, config: fromThread.config, strategy: 'margin' });
    expect((await thread.scoreSpans(reopened.sessionId, texts)).spans).toEqual(scored.spans);
    await thread.closeScorer(fromThread.sessionId!);
    await thread.closeScorer(reopened.sessionId);
    await expect(thread.scoreSpans(reopened.sessionId, ['x'])).rejects.toThrow(/no span scoring session/);
  }, 120_000);
});

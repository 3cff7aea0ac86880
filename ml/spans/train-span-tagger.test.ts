import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../backend';
import { createRng } from '../random';
import { countBioClasses } from './bio-tags';
import { predictSpans } from './predict-spans';
import { deserializeSpanTagger, serializeSpanTagger } from './serialize-span-tagger';
import { trainSpanTagger, type TSpanTrainingItem } from './train-span-tagger';

const PER = 11;
const LOC = 12;
const NAMES = ['Ada', 'Bruno', 'Chiara', 'Dmitri', 'Emeka', 'Farida', 'Goran', 'Hana', 'Ivo', 'Jun', 'Kofi', 'Lena', 'Mateo', 'Nour', 'Oskar'];
const PLACES = ['Lyon', 'Porto', 'Kyoto', 'Accra', 'Quito', 'Oslo', 'Perth', 'Dakar', 'Minsk', 'Hanoi', 'Cusco', 'Turku', 'Bergen', 'Recife'];

/** "<Name> met <Name> in <Place> ." with the names and place as spans. */
function makeItem(a: string, b: string, place: string, verb: string): TSpanTrainingItem {
  const text = `${a} ${verb} ${b} in ${place} .`;
  const bStart = a.length + verb.length + 2;
  const placeStart = bStart + b.length + 4;
  return {
    text,
    spans: [
      { start: 0, end: a.length, labelId: PER },
      { start: bStart, end: bStart + b.length, labelId: PER },
      { start: placeStart, end: placeStart + place.length, labelId: LOC },
    ],
  };
}

describe('trainSpanTagger / predictSpans', () => {
  it('learns names and places from context, finds unseen ones, and survives serialisation', async () => {
    await initBackend();
    const before = tf.memory().numTensors;
    const rng = createRng(4);
    const verbs = ['met', 'called', 'visited', 'saw'];
    const train = Array.from({ length: 80 }, () =>
      makeItem(NAMES[rng.int(10)]!, NAMES[rng.int(10)]!, PLACES[rng.int(10)]!, verbs[rng.int(verbs.length)]!),
    );
    const tagger = await trainSpanTagger(train, { labelIds: [PER, LOC], seed: 1, dim: 2 ** 12 });
    expect(tagger.tokens).toBe(train.reduce((sum, item) => sum + item.text.split(' ').length, 0));
    // Names and places never seen in training.
    const test = [makeItem('Mateo', 'Nour', 'Cusco', 'met'), makeItem('Oskar', 'Lena', 'Recife', 'saw')];
    const predicted = predictSpans(tagger, test.map((item) => item.text));
    predicted.forEach((item, i) => {
      expect(item.spans.map(({ start, end, labelId }) => ({ start, end, labelId }))).toEqual(test[i]!.spans);
      expect(item.probs.length).toBe(item.tokens.length * countBioClasses(2));
      for (const span of item.spans) expect(span.confidence).toBeGreaterThan(0.5);
    });

    // The config goes through JSON as it would in a database column; the weights as bytes.
    const stored = await serializeSpanTagger(tagger);
    const restored = await deserializeSpanTagger({
      artifact: { ...stored.artifact, weightData: Uint8Array.from(stored.artifact.weightData) },
      config: JSON.parse(JSON.stringify(stored.config)),
    });
    const again = predictSpans(restored, test.map((item) => item.text));
    again.forEach((item, i) => {
      expect(Array.from(item.probs)).toEqual(Array.from(predicted[i]!.probs).map((p) => expect.closeTo(p, 6)));
    });
    tagger.model.dispose();
    restored.model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses an empty label set or duplicate label ids', async () => {
    await expect(trainSpanTagger([{ text: 'a', spans: [] }], { labelIds: [], seed: 1 })).rejects.toThrow(RangeError);
    await expect(trainSpanTagger([{ text: 'a', spans: [] }], { labelIds: [1, 1], seed: 1 })).rejects.toThrow(RangeError);
  });
});

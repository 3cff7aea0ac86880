import { createFeaturizer, DEFAULT_FEATURIZER_OPTIONS, type Featurizer } from '@/ml/features/featurizer';
import { createHostSoftmax } from '@/ml/models/host-softmax';
import { trainClassifier } from '@/ml/train';
import type { TLabeledText } from './demo-corpus';

const CHUNK = 2_000;

export type TModelThroughput = {
  items: number;
  /** The host path the scorer uses for softmax models, featurizing excluded. */
  hostSeconds: number;
  featurizeSeconds: number;
};

/** The model part of rescoring alone: a softmax model's probabilities over compressed rows; featurizing timed on its own. */
export async function measureModelThroughput(pool: readonly TLabeledText[]): Promise<TModelThroughput> {
  const featurizer: Featurizer = createFeaturizer(DEFAULT_FEATURIZER_OPTIONS);
  featurizer.fit(pool.slice(0, 20_000).map((row) => row.text));
  const train = pool.slice(0, 2_000);
  const { model } = await trainClassifier({
    rows: featurizer.transformSparse(train.map((row) => row.text)),
    y: Int32Array.from(train, (row) => row.label),
    dim: featurizer.dim,
    numClasses: 2,
    kind: 'softmax',
    seed: 1,
  });
  const host = createHostSoftmax(model)!;
  let hostSeconds = 0;
  let featurizeSeconds = 0;
  try {
    for (let start = 0; start < pool.length; start += CHUNK) {
      const texts = pool.slice(start, start + CHUNK).map((row) => row.text);
      let t = performance.now();
      const rows = featurizer.transformSparse(texts);
      featurizeSeconds += (performance.now() - t) / 1000;
      t = performance.now();
      host.predict(rows);
      hostSeconds += (performance.now() - t) / 1000;
    }
  } finally {
    model.dispose();
  }
  return { items: pool.length, hostSeconds, featurizeSeconds };
}

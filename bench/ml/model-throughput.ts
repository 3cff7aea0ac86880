import { createFeaturizer, type Featurizer } from '@/ml/features/featurizer';
import { createHostSoftmax } from '@/ml/pipeline/host-softmax';
import { predictProba } from '@/ml/predict';
import { trainClassifier } from '@/ml/train';
import type { TLabeledText } from './demo-corpus';

const CHUNK = 2_000;

export type TModelThroughput = {
  items: number;
  /** tfjs predictProba on dense feature batches, featurizing excluded. */
  tfjsSeconds: number;
  /** Dense-equivalent arithmetic of those products (2·n·dim·k) per second. */
  tfjsGflops: number;
  /** The host path the scorer uses for softmax models, featurizing excluded. */
  hostSeconds: number;
  featurizeSeconds: number;
};

/**
 * The model part of rescoring alone: a softmax model's probabilities for the pool, through
 * tfjs on dense batches (what any tfjs model would do) and through the scorer's host path
 * over compressed rows. Featurizing is timed on its own.
 */
export async function measureModelThroughput(pool: readonly TLabeledText[], dim: number): Promise<TModelThroughput> {
  const featurizer: Featurizer = createFeaturizer({ kind: 'hashed-ngrams', dim });
  featurizer.fit(pool.slice(0, 20_000).map((row) => row.text));
  const train = pool.slice(0, 2_000);
  const { model } = await trainClassifier({
    rows: featurizer.transformSparse(train.map((row) => row.text)),
    y: Int32Array.from(train, (row) => row.label),
    dim,
    numClasses: 2,
    kind: 'softmax',
    seed: 1,
  });
  const host = createHostSoftmax(model)!;
  const buffer = new Float32Array(CHUNK * dim);
  let tfjsSeconds = 0;
  let hostSeconds = 0;
  let featurizeSeconds = 0;
  try {
    for (let start = 0; start < pool.length; start += CHUNK) {
      const texts = pool.slice(start, start + CHUNK).map((row) => row.text);
      let t = performance.now();
      const x = featurizer.transform(texts, buffer);
      const rows = featurizer.transformSparse(texts);
      featurizeSeconds += (performance.now() - t) / 1000;
      t = performance.now();
      predictProba(model, x, texts.length, dim);
      tfjsSeconds += (performance.now() - t) / 1000;
      t = performance.now();
      host.predict(rows);
      hostSeconds += (performance.now() - t) / 1000;
    }
  } finally {
    model.dispose();
  }
  return { items: pool.length, tfjsSeconds, tfjsGflops: (2 * pool.length * dim * 2) / tfjsSeconds / 1e9, hostSeconds, featurizeSeconds };
}

import { describe, expect, it } from 'vitest';
import { generateSyntheticText } from '@/ml/fixtures/synthetic-text';
import { runSimulation } from '@/ml/simulate/run-simulation';
import type { SimulationProgress } from '@/ml/simulate/simulation-settings';
import { createInlineCompute } from './compute-service';
import { runParallelSimulation } from './run-parallel-simulation';

describe('runParallelSimulation', () => {
  const { texts, labels } = generateSyntheticText({ numClasses: 3, perClass: 50, seed: 3, signal: 0.4 });
  const request = {
    texts,
    labels,
    classNames: ['a', 'b', 'c'],
    strategies: ['random', 'margin', 'committee'] as const,
    budget: 60,
    batchSize: 20,
    seeds: 2,
    evalFraction: 0.25,
    kind: 'softmax' as const,
    featurizer: { kind: 'hashed-ngrams' as const, dim: 1024 },
    diversity: 'none' as const,
    explorationShare: 0,
    targetAccuracy: 0.5,
    seed: 11,
  };

  it('gives runSimulation’s result whatever the thread count and the order tasks finish in', async () => {
    const { seconds: _sequentialSeconds, ...sequential } = await runSimulation({ ...request, strategies: [...request.strategies] });
    for (const threads of [1, 3]) {
      const progress: SimulationProgress[] = [];
      const { seconds, ...parallel } = await runParallelSimulation(
        { ...request, strategies: [...request.strategies] },
        { threads, createCompute: createInlineCompute, onProgress: (p) => progress.push(p) },
      );
      expect(parallel).toEqual(sequential);
      expect(seconds).toBeGreaterThan(0);
      // One step per full-data model and per round: 2 seeds × (1 + 3 strategies × 3 rounds).
      expect(progress.map((p) => p.done)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect(new Set(progress.map((p) => p.total))).toEqual(new Set([20]));
    }
  }, 120_000);

  it('refuses bad settings before starting a thread', async () => {
    let started = 0;
    const createCompute = () => {
      started++;
      return createInlineCompute();
    };
    await expect(runParallelSimulation({ ...request, strategies: [], budget: 60 }, { createCompute })).rejects.toThrow(/strategy/);
    expect(started).toBe(0);
  });
});

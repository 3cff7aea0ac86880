import { z } from 'zod';
import { findStrategyModelConflict } from '@/ml/sampling/strategy-model';
import { SAMPLING_STRATEGY_IDS, ZBatchDiversity, ZModelKind, ZSamplingStrategy } from '@/server/services/projects/project-settings';

/**
 * What a strategy simulation is asked to run, as the API takes it and the job stores it. Its own
 * module: the job (strategy-simulation.ts) and the task types' own simulations it hands over to read it.
 */
export const ZSimulationSettings = z
  .object({
    strategies: z.array(ZSamplingStrategy).min(1, 'Pick at least one strategy').max(SAMPLING_STRATEGY_IDS.length),
    budget: z.number().int().min(20).max(5_000).default(500),
    batchSize: z.number().int().min(5).max(500).default(20),
    seeds: z.number().int().min(1).max(10).default(3),
    evalFraction: z.number().min(0.05).max(0.5).default(0.2),
    kind: ZModelKind.default('softmax'),
    diversity: ZBatchDiversity.default('none'),
    explorationShare: z.number().min(0).max(0.5).default(0),
  })
  .refine((s) => s.budget >= s.batchSize, { message: 'The budget must be at least one batch', path: ['budget'] })
  .superRefine((s, ctx) => {
    for (const strategy of s.strategies) {
      const conflict = findStrategyModelConflict(strategy, s.kind);
      if (conflict) ctx.addIssue({ code: 'custom', message: conflict, path: ['strategies'] });
    }
  });
export type TSimulationSettings = z.infer<typeof ZSimulationSettings>;

import { z } from 'zod';
import type { Database } from '@/db/client';
import { refreshQualitySnapshot } from './refresh';
import { ensureSimulatedAnnotators, simulateAnnotators, type TSimulationResult } from './simulate-annotators';

/** Three good annotators and a weak one, so the quality report has someone to flag. */
export const DEFAULT_SIMULATED_ACCURACIES = [0.95, 0.9, 0.85, 0.65];
/** A label may not be simulated on more items than this in one call (the HTTP API waits for it). */
export const MAX_SIMULATED_ITEMS = 20_000;

/** What `quorum simulate-labeling` asks for, locally or through the HTTP API. */
export const ZSimulatedLabelingInput = z.object({
  annotators: z.number().int().min(1).max(50).default(DEFAULT_SIMULATED_ACCURACIES.length),
  /** Accuracy of each annotator, repeated over them. */
  accuracy: z.array(z.number().min(0).max(1)).min(1).max(50).default(DEFAULT_SIMULATED_ACCURACIES),
  items: z.number().int().min(1).max(MAX_SIMULATED_ITEMS).default(300),
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(1),
  days: z.number().int().min(1).max(365).default(1),
  /** Median time per label of the first annotator; each next one takes 2 s longer. */
  leadTimeMs: z.number().int().min(1).max(3_600_000).default(4000),
  refresh: z.boolean().default(true),
});
export type TSimulatedLabelingInput = z.input<typeof ZSimulatedLabelingInput>;

export type TSimulatedLabelingResult = TSimulationResult & {
  /** The quality report afterwards: null when not asked for; 'busy' when another refresh was running (it will include these labels). */
  refresh: null | { state: 'busy' } | { state: 'done'; alpha: number | null; consensusChanged: number; consensusLabeled: number };
};

/**
 * Simulated annotators of known accuracy label a project through the real queue, then consensus
 * and the quality report are refreshed: the CLI's simulate-labeling, on the database or through the API.
 */
export async function runSimulatedLabeling(
  db: Database,
  projectId: number,
  rawInput: TSimulatedLabelingInput,
  onProgress?: (progress: { submitted: number; items: number }) => void,
): Promise<TSimulatedLabelingResult> {
  const input = ZSimulatedLabelingInput.parse(rawInput);
  const accounts = await ensureSimulatedAnnotators(db, projectId, input.annotators);
  const annotators = accounts.map((account, a) => ({ ...account, accuracy: input.accuracy[a % input.accuracy.length]!, medianLeadTimeMs: input.leadTimeMs + 2000 * a }));
  const result = await simulateAnnotators(db, { projectId, annotators, items: input.items, seed: input.seed, days: input.days, onProgress });
  if (!input.refresh) return { ...result, refresh: null };
  const refresh = await refreshQualitySnapshot(db, projectId);
  if (refresh.state === 'busy') return { ...result, refresh: { state: 'busy' } };
  const { agreement, consensus } = refresh.snapshot;
  return { ...result, refresh: { state: 'done', alpha: agreement.krippendorff_alpha.value, consensusChanged: consensus.itemsChanged, consensusLabeled: consensus.itemsLabeled } };
}

import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '@/db/client';
import type { SimulationMetric } from '@/ml/simulate/simulation-metric';

const ZInterval = z.tuple([z.number(), z.number()]);
const ZEstimate = z.object({ value: z.number(), ci95: ZInterval.nullable().optional() });
/** The part of evaluateClassifier's output the report reads; anything else in `metrics` is ignored. */
const ZModelMetrics = z.union([
  // A multi-label version (format-multilabel-metrics.ts): micro-F1 is its headline.
  z
    .object({ task: z.literal('multi_label'), n: z.number().optional(), microF1: ZEstimate, macroF1: ZEstimate })
    .transform(({ n, microF1, macroF1 }) => ({ n, metric: 'micro_f1' as const, accuracy: microF1, macroF1 })),
  z.object({ n: z.number().optional(), accuracy: ZEstimate, macroF1: ZEstimate }).transform((metrics) => ({ ...metrics, metric: 'accuracy' as const })),
]);

export type TEstimate = { value: number; ci95: [number, number] | null };
export type TModelPoint = {
  version: number;
  labelCount: number;
  createdAt: Date;
  evaluatedOn: number | null;
  /** What `accuracy` measures: held-out accuracy, or micro-F1 for a multi-label version. */
  metric: 'accuracy' | 'micro_f1';
  accuracy: TEstimate;
  macroF1: TEstimate;
};

/**
 * Ready model versions with held-out accuracy (micro-F1 for label sets) and macro-F1, oldest
 * first: the model's learning curve against the number of labels it was trained on. A version
 * whose metrics do not parse (an older format) is left out rather than drawn wrong.
 */
export async function loadModelCurve(db: Database, projectId: number): Promise<TModelPoint[]> {
  const { rows } = await db.execute<{ version: number; label_count: number; created_at: Date | string; metrics: unknown }>(sql`
    select version, label_count, created_at, metrics from model_versions
    where project_id = ${projectId} and status = 'ready' and metrics is not null
    order by version`);
  return rows.flatMap((row) => {
    const parsed = ZModelMetrics.safeParse(row.metrics);
    if (!parsed.success) return [];
    const { n, metric, accuracy, macroF1 } = parsed.data;
    return [
      {
        version: Number(row.version),
        labelCount: Number(row.label_count),
        createdAt: new Date(row.created_at),
        evaluatedOn: n ?? null,
        metric,
        accuracy: { value: accuracy.value, ci95: accuracy.ci95 ?? null },
        macroF1: { value: macroF1.value, ci95: macroF1.ci95 ?? null },
      },
    ];
  });
}

const ZCurvePoint = z.union([
  z.tuple([z.number(), z.number()]).transform(([labels, accuracy]) => ({ labels, accuracy })),
  z
    .object({ labels: z.number().optional(), labelCount: z.number().optional(), label_count: z.number().optional(), n: z.number().optional(), accuracy: z.number() })
    .transform((point) => ({ labels: point.labels ?? point.labelCount ?? point.label_count ?? point.n ?? Number.NaN, accuracy: point.accuracy }))
    .refine((point) => Number.isFinite(point.labels)),
]);
const ZStrategyResult = z.object({
  curve: z.array(z.unknown()).optional(),
  aulc: z.number().nullable().optional(),
  labels_to_95: z.number().nullable().optional(),
  full_accuracy: z.number().nullable().optional(),
});
const ZSimulationResult = z.object({ strategies: z.record(z.string(), ZStrategyResult), metric: z.enum(['accuracy', 'micro_f1', 'span_f1']).optional() });

export type TSimulatedStrategy = { name: string; aulc: number | null; labelsTo95: number | null; fullAccuracy: number | null; curve: { labels: number; accuracy: number }[] };
export type TSimulationSummary = {
  jobId: number;
  finishedAt: Date | null;
  chosen: string;
  /** What the curves measure: accuracy, or micro-F1 for a multi-label project. */
  metric: SimulationMetric;
  strategies: TSimulatedStrategy[];
  /** The chosen strategy against random: labels saved to reach 95% of full-data accuracy, and the AULC difference. */
  gain: { labelsSaved: number | null; aulcDifference: number | null } | null;
  /** Why there is no gain, when there is none. */
  note: string | null;
};

/** The latest successful simulation job of the project, read against the project's chosen strategy. */
export async function loadSimulationSummary(db: Database, projectId: number, chosen: string): Promise<TSimulationSummary | null> {
  const { rows } = await db.execute<{ id: number | string; finished_at: Date | string | null; result: unknown }>(sql`
    select id, finished_at, result from jobs
    where project_id = ${projectId} and kind = 'simulate' and status = 'succeeded'
    order by finished_at desc nulls last, id desc limit 1`);
  const row = rows[0];
  if (!row) return null;
  const parsed = ZSimulationResult.safeParse(row.result);
  const base = { jobId: Number(row.id), finishedAt: row.finished_at ? new Date(row.finished_at) : null, chosen, metric: parsed.success ? (parsed.data.metric ?? 'accuracy') : ('accuracy' as const) };
  if (!parsed.success) return { ...base, strategies: [], gain: null, note: 'The latest simulation result has a format this version cannot read.' };
  const strategies = Object.entries(parsed.data.strategies).map(([name, result]) => ({
    name,
    aulc: result.aulc ?? null,
    labelsTo95: result.labels_to_95 ?? null,
    fullAccuracy: result.full_accuracy ?? null,
    curve: (result.curve ?? []).flatMap((point) => {
      const parsedPoint = ZCurvePoint.safeParse(point);
      return parsedPoint.success ? [parsedPoint.data] : [];
    }),
  }));
  const own = strategies.find((strategy) => strategy.name === chosen);
  const random = strategies.find((strategy) => strategy.name === 'random');
  if (!own || !random) {
    const missing = !own ? `the chosen strategy (${chosen})` : 'the random baseline';
    return { ...base, strategies, gain: null, note: `The latest simulation did not include ${missing}.` };
  }
  if (own === random) return { ...base, strategies, gain: null, note: 'The project samples at random, so there is no gain to show.' };
  return {
    ...base,
    strategies,
    gain: {
      labelsSaved: own.labelsTo95 !== null && random.labelsTo95 !== null ? random.labelsTo95 - own.labelsTo95 : null,
      aulcDifference: own.aulc !== null && random.aulc !== null ? own.aulc - random.aulc : null,
    },
    note: null,
  };
}

'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Alert } from '@/app/_components/alert';
import { DataTable } from '@/app/_components/data-table';
import { FormField } from '@/app/_components/form-field';
import { FormNotice } from '@/app/_components/form-notice';
import { useTRPC } from '@/app/_lib/trpc';
import { useFormMutation } from '@/app/_lib/use-form-mutation';
import { MODEL_KIND_INPUT, MODEL_KIND_LABELS, MODEL_KIND_TASK, MODEL_KINDS } from '@/ml/model-kinds';
import { MULTILABEL_SAMPLING_STRATEGIES } from '@/ml/multilabel/multilabel-strategies';
import { listModelStrategies, type ProjectStrategyId } from '@/ml/sampling/strategy-model';
import { describeStrategy, formatCount, formatPercent } from './format';
import type { TLearningSettings, TSimulationSummary } from './model-types';
import { SimulationChart } from './simulation-chart';
import { describeSimulationMetric, describeSimulationOption, describeSimulationProgress, nameSimulationRun } from './simulation-text';

const DEFAULT_STRATEGIES: ProjectStrategyId[] = ['random', 'least_confidence', 'margin', 'entropy', 'committee', ...MULTILABEL_SAMPLING_STRATEGIES.map((s) => s.id)];

/**
 * Backtests strategies on the project's gold labels in the background, then draws and ranks them.
 * A multi-label project replays its gold label sets with the multi-label strategies and the sigmoid
 * model, and its curves are micro-F1.
 */
export function SimulatorPanel({
  projectId,
  canManage,
  currentStrategy,
  modelKind,
}: {
  projectId: number;
  canManage: boolean;
  currentStrategy: string;
  modelKind: TLearningSettings['modelKind'];
}) {
  const isMultiLabel = MODEL_KIND_TASK[modelKind] === 'multi_label';
  const isSpans = MODEL_KIND_TASK[modelKind] === 'spans';
  const simulationKinds = MODEL_KINDS.filter((kind) => MODEL_KIND_INPUT[kind] === MODEL_KIND_INPUT[modelKind] && MODEL_KIND_TASK[kind] === MODEL_KIND_TASK[modelKind]);
  const trpc = useTRPC();
  const simulations = useQuery(
    trpc.models.simulations.queryOptions(
      { projectId },
      { refetchInterval: (query) => (query.state.data?.some((s) => s.status === 'queued' || s.status === 'running') ? 1_500 : 15_000) },
    ),
  );
  const start = useFormMutation(trpc.models.simulate.mutationOptions(), { invalidates: [trpc.models.simulations.queryKey({ projectId })] });
  const apply = useMutation(trpc.models.updateSettings.mutationOptions());
  const [selectedId, setSelectedId] = useState<number | null>(null);

  const list = simulations.data ?? [];
  const shown = list.find((s) => s.jobId === selectedId) ?? list.find((s) => s.status === 'succeeded') ?? null;
  const active = list.find((s) => s.status === 'queued' || s.status === 'running') ?? null;

  const onSubmit = start.handleSubmit(
    (form) => ({
      projectId,
      settings: {
        strategies: form.getAll('strategies').map(String) as ProjectStrategyId[],
        budget: Number(form.get('budget')),
        batchSize: Number(form.get('batchSize')),
        seeds: Number(form.get('seeds')),
        evalFraction: Number(form.get('evalFraction')) / 100,
        kind: String(form.get('kind')) as TLearningSettings['modelKind'],
        diversity: 'none' as const,
        explorationShare: 0,
      },
    }),
    { onSuccess: ({ jobId }) => setSelectedId(jobId) },
  );

  // Applying the recommendation changes the project's settings, so everything on the model page is stale.
  const onApply = (strategy: string) =>
    start.run(() => apply.mutateAsync({ projectId, settings: { samplingStrategy: strategy as ProjectStrategyId } }), {
      success: `The project now samples with ${describeStrategy(strategy)}.`,
      invalidates: [trpc.models.pathKey()],
    });

  return (
    <section className="card space-y-4" aria-labelledby="simulator-heading">
      <div>
        <h2 id="simulator-heading" className="text-lg font-semibold">
          Strategy simulator
        </h2>
        {isSpans ? (
          <p className="text-sm text-slate-700">
            Replays labeling on the project&apos;s items with gold spans, with the gold spans as the annotator, to see how many items each strategy needs to
            reach a span F1 (exact spans, on held-out items).
          </p>
        ) : (
          <p className="text-sm text-slate-700">
            Replays labeling on the project&apos;s gold-labeled items, with the gold answers as the annotator, to see how many labels each strategy needs.
            {isMultiLabel ? (
              ' Label sets are scored by micro-F1 (every item-label decision pooled).'
            ) : (
              <>
                {' '}
                The same is available offline: <code>npx quorum simulate file.csv --text-field text --label-field label --json out.json</code>.
              </>
            )}
          </p>
        )}
      </div>
      <FormNotice notice={start.notice} />
      {canManage ? (
        <form onSubmit={onSubmit} className="space-y-3" aria-label="Run a simulation" noValidate>
          <fieldset>
            <legend className="text-sm font-medium text-slate-800">Strategies</legend>
            <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
              {listModelStrategies(modelKind).map((strategy) => (
                <label key={strategy.id} className="flex items-center gap-1.5 text-sm">
                  <input type="checkbox" name="strategies" value={strategy.id} defaultChecked={DEFAULT_STRATEGIES.includes(strategy.id as ProjectStrategyId)} className="size-4" />
                  {strategy.label}
                </label>
              ))}
            </div>
          </fieldset>
          <div className="grid gap-3 sm:grid-cols-5">
            <FormField label="Label budget" name="budget" type="number" min={20} max={5000} defaultValue={500} />
            <FormField label="Batch size" name="batchSize" type="number" min={5} max={500} defaultValue={20} />
            <FormField label="Seeds" name="seeds" type="number" min={1} max={10} defaultValue={3} />
            <FormField label="Held out (%)" name="evalFraction" type="number" min={5} max={50} defaultValue={20} />
            <div>
              <label htmlFor="simulation-kind" className="block text-sm font-medium text-slate-800">
                Model
              </label>
              {/* The kinds that read and predict what the project's model does: softmax or MLP, the CNN or pixels, the sigmoid model, the tagger. */}
              <select id="simulation-kind" name="kind" className="input mt-1" defaultValue={modelKind}>
                {simulationKinds.map((kind) => (
                  <option key={kind} value={kind}>
                    {MODEL_KIND_LABELS[kind]}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <button type="submit" className="btn-primary" disabled={start.isPending || active !== null}>
            {active ? 'A simulation is running…' : start.isPending ? 'Starting…' : 'Run simulation'}
          </button>
        </form>
      ) : null}
      <div aria-live="polite">{active ? <SimulationProgress simulation={active} /> : null}</div>
      {list.length > 1 ? (
        <div>
          <label htmlFor="simulation-pick" className="block text-sm font-medium text-slate-800">
            Show simulation
          </label>
          <select id="simulation-pick" className="input mt-1 max-w-md" value={shown?.jobId ?? ''} onChange={(event) => setSelectedId(Number(event.target.value))}>
            {list.map((simulation) => (
              <option key={simulation.jobId} value={simulation.jobId}>
                {describeSimulationOption(simulation)}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {shown?.status === 'failed' ? (
        <Alert tone="error">
          {nameSimulationRun(shown)} failed: {shown.error}
        </Alert>
      ) : null}
      {shown?.result ? <SimulationResultView simulation={shown} currentStrategy={currentStrategy} canManage={canManage} onApply={onApply} /> : null}
      {list.length === 0 && !simulations.isLoading ? <p className="text-sm text-slate-700">No simulation has run on this project yet.</p> : null}
    </section>
  );
}

function SimulationProgress({ simulation }: { simulation: TSimulationSummary }) {
  const progress = (simulation.progress ?? {}) as { done?: number; total?: number };
  const fraction = progress.done && progress.total ? progress.done / progress.total : 0;
  return (
    <div className="space-y-2 rounded-md border border-blue-200 bg-blue-50 p-3 text-sm text-blue-950" data-testid="simulation-progress">
      <p>{describeSimulationProgress(simulation)}</p>
      <div role="progressbar" aria-label="Simulation progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(fraction * 100)} className="h-2 rounded bg-blue-100">
        <div className="h-2 rounded bg-blue-700" style={{ width: `${Math.round(fraction * 100)}%` }} />
      </div>
    </div>
  );
}

function SimulationResultView({
  simulation,
  currentStrategy,
  canManage,
  onApply,
}: {
  simulation: TSimulationSummary;
  currentStrategy: string;
  canManage: boolean;
  onApply: (strategy: string) => void;
}) {
  const result = simulation.result!;
  const recommendation = result.recommendation;
  const entries = Object.entries(result.strategies);
  const metric = describeSimulationMetric(result);
  return (
    <div className="space-y-4" data-testid="simulation-result">
      <p className="text-sm text-slate-700">
        {formatCount(result.dataset.poolSize)} items to label from, {formatCount(result.dataset.evalSize)} held out; budget{' '}
        {formatCount(result.settings.budget)} in batches of {result.settings.batchSize}, mean of {result.settings.seeds} run(s); {result.settings.kind} model.
      </p>
      {recommendation ? (
        <Alert tone="success">
          <span data-testid="simulation-recommendation">
            Recommended: <strong>{describeStrategy(recommendation.strategy)}</strong>. {recommendation.reason}
          </span>
          {canManage && recommendation.strategy !== currentStrategy ? (
            <button type="button" className="btn-secondary ml-3 px-2 py-1 text-xs" onClick={() => onApply(recommendation.strategy)}>
              Use {describeStrategy(recommendation.strategy)}
            </button>
          ) : null}
        </Alert>
      ) : null}
      <SimulationChart result={result} />
      <DataTable<(typeof entries)[number]>
        caption="Strategies compared"
        testId="simulation-table"
        rows={entries}
        rowKey={([name]) => name}
        columns={[
          {
            header: 'Strategy',
            isRowHeader: true,
            className: 'font-medium',
            cell: ([name]) => (
              <>
                {describeStrategy(name)}
                {name === currentStrategy ? <span className="ml-2 text-xs font-normal text-slate-600">(in use)</span> : null}
              </>
            ),
          },
          { header: `Labels to 95% of full-data ${metric}`, align: 'right', cell: ([, outcome]) => (outcome.labels_to_95 === null ? 'not within budget' : formatCount(outcome.labels_to_95)) },
          { header: 'Area under the curve', align: 'right', cell: ([, outcome]) => (outcome.aulc === null ? '—' : outcome.aulc.toFixed(3)) },
          { header: `${capitalize(metric)} at the budget`, align: 'right', cell: ([, outcome]) => formatPercent(outcome.curve.at(-1)?.accuracy) },
          { header: `Full-data ${metric}`, align: 'right', cell: ([, outcome]) => formatPercent(outcome.full_accuracy) },
        ]}
      />
    </div>
  );
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

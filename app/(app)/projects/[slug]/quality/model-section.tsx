'use client';

import { Area, CartesianGrid, ComposedChart, ErrorBar, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { computeNiceTicks } from '@/app/_lib/nice-ticks';
import { ChartFigure, SERIES_COLORS, SHARE_TICKS } from './chart-figure';
import { DataTable } from '@/app/_components/data-table';
import { formatCount, formatDateTime, formatInterval, formatPercent } from './format';
import type { TQualityReport } from './report-types';
import { ReportSection } from './section';

type TModel = TQualityReport['models'][number];

const percent = (value: number) => formatPercent(value, 1);

/**
 * Model accuracy and macro-F1 per version against the labels it was trained on, drawn over the
 * human band: the range of annotator accuracy and its mean.
 */
export function ModelSection({ report, fileSlug }: { report: TQualityReport; fileSlug: string }) {
  const { models, humanBand } = report;
  // A multi-label project's versions are scored by micro-F1, and its annotators by micro-F1 against each other.
  const isSets = models.some((model) => model.metric === 'micro_f1') || humanBand?.kind === 'pairwise_micro_f1';
  const metric = isSets ? 'micro-F1' : 'accuracy';
  const metricTitle = isSets ? 'Micro-F1' : 'Accuracy';
  // Before the first model, the x axis spans the items labeled so far: where the curve will start.
  const xAxis = computeNiceTicks(0, Math.max(10, report.snapshot?.consensus.itemsRated ?? 0, ...models.map((model) => model.labelCount)) * 1.05, { isInteger: true });
  const maxLabels = xAxis.domain[1];
  // The human band is drawn as series over the whole x range (a row at each end and one per model),
  // so it is there before the first model exists and prints like any other series.
  const human = humanBand
    ? { band: [humanBand.low, humanBand.high] as [number, number], humanMean: humanBand.mean }
    : {};
  const data = [
    { labels: 0, ...human },
    ...models.map((model) => ({
      labels: model.labelCount,
      version: model.version,
      accuracy: model.accuracy.value,
      accuracyError: errorBar(model.accuracy),
      macroF1: model.macroF1.value,
      macroF1Error: errorBar(model.macroF1),
      ...human,
    })),
    { labels: maxLabels, ...human },
  ];
  const summary =
    models.length === 0
      ? 'No trained model version yet.'
      : `${models.length} model versions; the latest, v${models[models.length - 1]!.version}, has ${metric} ${percent(models[models.length - 1]!.accuracy.value)}` +
        (humanBand ? ` against ${isSets ? 'the annotators’ pairwise micro-F1' : 'a human mean'} of ${percent(humanBand.mean)}.` : '.');
  return (
    <ReportSection
      id="model"
      title="Model against human level"
      description={
        isSets ? (
          <p>
            Held-out micro-F1 (every item-label decision pooled) and macro-F1 of each model version (95% bootstrap intervals) against the number of label sets it learned
            from. The green line is the annotators scored the same way against each other (micro-F1 over pairs of answers on the same item), its band the 95% interval: a
            model that reaches it agrees with an annotator as often as two annotators agree.
          </p>
        ) : (
          <p>
            Held-out accuracy and macro-F1 of each model version (95% bootstrap intervals) against the number of labels it learned from. The green band spans the annotators’
            estimated accuracy (lowest to highest, with their mean). Krippendorff’s α, a coefficient from −1 to 1 rather than a share, has its own chart under Agreement over time. Annotators are scored against a consensus they are part of, so the band is
            generous to them.
          </p>
        )
      }
    >
      <ChartFigure title={`${metricTitle} by number of labels`} summary={summary} testId="chart-model-vs-human" height={320}>
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={data} margin={{ top: 16, right: 24, bottom: 24, left: 8 }}>
            <CartesianGrid stroke="#e2e8f0" />
            <XAxis
              type="number"
              dataKey="labels"
              domain={xAxis.domain}
              ticks={xAxis.ticks}
              interval={0}
              tickFormatter={formatCount}
              label={{ value: 'labels', position: 'insideBottom', offset: -12, fill: '#475569' }}
            />
            <YAxis type="number" domain={[0, 1]} ticks={SHARE_TICKS} interval={0} tickFormatter={(value: number) => formatPercent(value, 0)} width={48} />
            <Tooltip
              formatter={(value) => (Array.isArray(value) ? value.map((v) => percent(Number(v))).join(' – ') : typeof value === 'number' ? percent(value) : String(value))}
              labelFormatter={(value) => `${formatCount(Number(value))} labels`}
            />
            <Legend verticalAlign="top" height={28} />
            {humanBand ? (
              <Area
                dataKey="band"
                name={isSets ? 'Annotators’ pairwise micro-F1 (95% CI)' : 'Annotators (lowest – highest)'}
                stroke="none"
                fill="#16a34a"
                fillOpacity={0.16}
                isAnimationActive={false}
                connectNulls
              />
            ) : null}
            {humanBand ? (
              <Line dataKey="humanMean" name={isSets ? 'Annotators’ pairwise micro-F1' : 'Annotators (mean)'} stroke="#15803d" strokeWidth={2} dot={false} isAnimationActive={false} connectNulls />
            ) : null}
            <Line dataKey="accuracy" name={`Model ${metric}`} stroke={SERIES_COLORS[0]} strokeWidth={2} dot={{ r: 4 }} isAnimationActive={false} connectNulls>
              <ErrorBar dataKey="accuracyError" width={6} stroke={SERIES_COLORS[0]} />
            </Line>
            <Line dataKey="macroF1" name="Model macro-F1" stroke={SERIES_COLORS[1]} strokeWidth={2} dot={{ r: 4 }} isAnimationActive={false} connectNulls>
              <ErrorBar dataKey="macroF1Error" width={6} stroke={SERIES_COLORS[1]} />
            </Line>
          </ComposedChart>
        </ResponsiveContainer>
      </ChartFigure>
      {models.length === 0 ? <p className="mt-2 text-sm text-slate-700">No trained model version yet: the band shows where the model has to get to.</p> : null}
      <DataTable<TModel>
        isFramed
        tableClassName="min-w-max"
        caption="Model versions"
        csvFileName={`${fileSlug}-model-versions.csv`}
        testId="table-models"
        rows={models}
        rowKey={(model) => String(model.version)}
        emptyText="No trained model version yet."
        columns={[
          { header: 'Version', cell: (model) => `v${model.version}`, csv: (model) => model.version },
          { header: 'Labels', cell: (model) => formatCount(model.labelCount), csv: (model) => model.labelCount, align: 'right' },
          { header: 'Evaluated on', cell: (model) => formatCount(model.evaluatedOn), csv: (model) => model.evaluatedOn, align: 'right' },
          { header: metricTitle, cell: (model) => percent(model.accuracy.value), csv: (model) => model.accuracy.value, align: 'right' },
          { header: `${metricTitle} 95% CI`, cell: (model) => formatInterval(model.accuracy.ci95, percent), csv: (model) => formatInterval(model.accuracy.ci95) },
          { header: 'Macro-F1', cell: (model) => percent(model.macroF1.value), csv: (model) => model.macroF1.value, align: 'right' },
          { header: 'Macro-F1 95% CI', cell: (model) => formatInterval(model.macroF1.ci95, percent), csv: (model) => formatInterval(model.macroF1.ci95) },
          { header: 'Trained', cell: (model) => formatDateTime(model.createdAt), csv: (model) => model.createdAt.toISOString() },
        ]}
      />
    </ReportSection>
  );
}

/** Recharts draws asymmetric error bars from [below, above] distances. */
function errorBar(estimate: TModel['accuracy']): [number, number] | undefined {
  if (!estimate.ci95) return undefined;
  return [Math.max(0, estimate.value - estimate.ci95[0]), Math.max(0, estimate.ci95[1] - estimate.value)];
}

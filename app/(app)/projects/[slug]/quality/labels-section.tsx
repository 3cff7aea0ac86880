'use client';

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartFigure, SERIES_COLORS } from './chart-figure';
import { DataTable } from '@/app/_components/data-table';
import { formatCount, formatPercent } from './format';
import type { TLabelDistributionRow } from './report-types';
import { ReportSection } from './section';

const finalTotal = (row: TLabelDistributionRow) => row.final.review + row.final.consensus + row.final.single + row.final.gold;

/** How often each label is given by annotators, how often it is the final label, and how often it is the gold answer: shares, so the three compare. */
export function LabelsSection({ distribution, fileSlug }: { distribution: TLabelDistributionRow[]; fileSlug: string }) {
  const totals = {
    annotations: distribution.reduce((sum, row) => sum + row.annotations, 0),
    final: distribution.reduce((sum, row) => sum + finalTotal(row), 0),
    gold: distribution.reduce((sum, row) => sum + row.gold, 0),
  };
  const share = (value: number, total: number) => (total > 0 ? value / total : null);
  const data = distribution.map((row) => ({
    label: row.label,
    annotations: share(row.annotations, totals.annotations),
    final: share(finalTotal(row), totals.final),
    gold: share(row.gold, totals.gold),
  }));
  const top = [...distribution].sort((x, y) => y.annotations - x.annotations)[0];
  const summary = top && totals.annotations > 0 ? `${top.label} is the most used label, ${formatPercent(top.annotations / totals.annotations)} of all annotations.` : 'No labels yet.';
  return (
    <ReportSection id="labels" title="Label distribution" description={<p>Shares of annotations, of final labels (whoever decided them) and of gold answers.</p>}>
      <ChartFigure title="Label shares" summary={summary} testId="chart-label-distribution" height={Math.max(220, 60 + 36 * distribution.length)}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} layout="vertical" margin={{ top: 8, right: 24, bottom: 8, left: 8 }}>
            <CartesianGrid stroke="#e2e8f0" horizontal={false} />
            <XAxis type="number" domain={[0, 1]} tickFormatter={(value: number) => formatPercent(value, 0)} />
            <YAxis type="category" dataKey="label" width={110} tick={{ fontSize: 12 }} />
            <Tooltip formatter={(value) => formatPercent(Number(value))} />
            <Legend verticalAlign="top" height={28} />
            <Bar dataKey="annotations" name="Annotations" fill={SERIES_COLORS[0]} isAnimationActive={false} />
            <Bar dataKey="final" name="Final labels" fill={SERIES_COLORS[2]} isAnimationActive={false} />
            {totals.gold > 0 ? <Bar dataKey="gold" name="Gold answers" fill={SERIES_COLORS[1]} isAnimationActive={false} /> : null}
          </BarChart>
        </ResponsiveContainer>
      </ChartFigure>
      <DataTable<TLabelDistributionRow>
        isFramed
        tableClassName="min-w-max"
        caption="Labels"
        csvFileName={`${fileSlug}-label-distribution.csv`}
        testId="table-labels"
        rows={distribution}
        rowKey={(row) => String(row.labelId)}
        columns={[
          {
            header: 'Label',
            cell: (row) => (
              <span className="flex items-center gap-2">
                <span aria-hidden className="size-3 shrink-0 rounded-full" style={{ backgroundColor: row.color }} />
                <span className="break-words">{row.label}</span>
              </span>
            ),
            csv: (row) => row.label,
          },
          { header: 'Annotations', cell: (row) => formatCount(row.annotations), csv: (row) => row.annotations, align: 'right' },
          { header: 'Final: reviewed', cell: (row) => formatCount(row.final.review), csv: (row) => row.final.review, align: 'right' },
          { header: 'Final: consensus', cell: (row) => formatCount(row.final.consensus), csv: (row) => row.final.consensus, align: 'right' },
          { header: 'Final: single', cell: (row) => formatCount(row.final.single), csv: (row) => row.final.single, align: 'right' },
          { header: 'Final: gold', cell: (row) => formatCount(row.final.gold), csv: (row) => row.final.gold, align: 'right' },
          { header: 'Gold answers', cell: (row) => formatCount(row.gold), csv: (row) => row.gold, align: 'right' },
        ]}
      />
    </ReportSection>
  );
}

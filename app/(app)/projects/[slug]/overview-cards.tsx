import Link from 'next/link';
import type { RouterOutputs } from '@/app/_lib/router-types';
import { describeAccuracyChange, describeAgreement } from './overview-format';

type TOverview = RouterOutputs['project']['overview'];

const numberFormat = new Intl.NumberFormat('en');
const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

const ATTENTION_LINKS = { review: 'Open the review queue', models: 'Open Models', data: 'Open Data' } as const;

/** What someone should look at, each with the page that fixes it; nothing when all is well. */
export function AttentionList({ attention, base }: { attention: TOverview['attention']; base: string }) {
  if (attention.length === 0) return null;
  return (
    <section className="card border-amber-300 bg-amber-50" aria-labelledby="attention-heading" data-testid="overview-attention">
      <h2 id="attention-heading" className="font-semibold text-amber-950">
        Needs attention
      </h2>
      <ul className="mt-2 space-y-2 text-sm text-slate-900">
        {attention.map((entry) => (
          <li key={entry.kind} className="flex flex-wrap items-baseline gap-x-3 gap-y-1" data-testid={`attention-${entry.kind}`}>
            <span className="min-w-0 break-words">{entry.message}</span>
            {entry.href ? (
              <Link href={`${base}/${entry.href}`} className="font-medium text-blue-800 underline underline-offset-2 hover:text-blue-950">
                {ATTENTION_LINKS[entry.href]}
              </Link>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Final labels per label, as bars with the count beside each name (the bar only repeats the number). */
export function LabelDistributionCard({ distribution }: { distribution: NonNullable<TOverview['labelDistribution']> }) {
  const total = distribution.reduce((sum, row) => sum + row.items, 0);
  const largest = Math.max(1, ...distribution.map((row) => row.items));
  return (
    <section className="card min-w-0" aria-labelledby="distribution-heading" data-testid="overview-label-distribution">
      <h2 id="distribution-heading" className="font-semibold">
        Final labels
      </h2>
      {total === 0 ? (
        <p className="mt-2 text-sm text-slate-700">No item has a final label yet.</p>
      ) : (
        <ul className="mt-3 space-y-2 text-sm">
          {distribution.map((row) => (
            <li key={row.labelId}>
              <div className="flex justify-between gap-2">
                <span className="min-w-0 truncate">{row.name}</span>
                <span className="shrink-0 tabular-nums text-slate-700">
                  {numberFormat.format(row.items)} <span className="text-slate-600">({total === 0 ? 0 : Math.round((row.items / total) * 100)}%)</span>
                </span>
              </div>
              <div aria-hidden className="mt-1 h-2 rounded bg-slate-100">
                <div className="h-2 rounded border border-slate-500" style={{ width: `${(row.items / largest) * 100}%`, backgroundColor: row.color }} />
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The model that orders the queue, its interval, and accuracy per version as a small table. */
export function ModelCard({ model, base }: { model: NonNullable<TOverview['model']>; base: string }) {
  const { current, trend } = model;
  return (
    <section className="card min-w-0" aria-labelledby="model-heading" data-testid="overview-model">
      <h2 id="model-heading" className="font-semibold">
        Model
      </h2>
      {current?.accuracy ? (
        <>
          <p className="mt-2 text-2xl font-semibold tabular-nums" data-testid="overview-model-accuracy">
            {percent(current.accuracy.value)}
          </p>
          <p className="text-sm text-slate-700">
            held-out accuracy of v{current.version}
            {current.isPinned ? ' (pinned)' : ''}, 95% CI {percent(current.accuracy.ci95[0])} – {percent(current.accuracy.ci95[1])}
            {current.baselineAccuracy !== null ? `; always answering the commonest label scores ${percent(current.baselineAccuracy)}` : ''}.
          </p>
        </>
      ) : (
        <p className="mt-2 text-sm text-slate-700">
          {trend.length === 0 ? 'No model trained yet: the first training starts once enough labels are in.' : 'No version beats the baseline yet, so the queue keeps its own order.'}
        </p>
      )}
      {trend.length > 0 ? (
        <table className="mt-3 w-full text-left text-sm" data-testid="overview-model-trend">
          <caption className="sr-only">Accuracy per model version</caption>
          <thead className="text-xs uppercase tracking-wide text-slate-600">
            <tr>
              <th scope="col" className="py-1 font-semibold">
                Version
              </th>
              <th scope="col" className="py-1 text-right font-semibold">
                Labels
              </th>
              <th scope="col" className="py-1 text-right font-semibold">
                Accuracy
              </th>
              <th scope="col" className="py-1 text-right font-semibold">
                Change
              </th>
            </tr>
          </thead>
          <tbody>
            {trend.map((point, index) => (
              <tr key={point.version} className="border-t border-slate-100">
                <th scope="row" className="py-1 font-medium">
                  v{point.version}
                  {point.beatsBaseline === false ? <span className="ml-1 text-xs font-normal text-slate-600">(below baseline)</span> : null}
                </th>
                <td className="py-1 text-right tabular-nums">{numberFormat.format(point.labelCount)}</td>
                <td className="py-1 text-right tabular-nums">{point.accuracy ? percent(point.accuracy.value) : '—'}</td>
                <td className="py-1 text-right tabular-nums text-slate-700">{describeAccuracyChange(trend[index - 1]?.accuracy?.value ?? null, point.accuracy?.value ?? null)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <Link href={`${base}/models`} className="mt-3 inline-block text-sm font-medium text-blue-800 underline underline-offset-2">
        All versions and the learning loop
      </Link>
    </section>
  );
}

/** Krippendorff's alpha from the last quality report, with what it means and when it was computed. */
export function AgreementCard({ agreement, base, overlap }: { agreement: TOverview['agreement']; base: string; overlap: number }) {
  const described = describeAgreement(agreement, overlap);
  return (
    <section className="card min-w-0" aria-labelledby="agreement-heading" data-testid="overview-agreement">
      <h2 id="agreement-heading" className="font-semibold">
        Agreement
      </h2>
      <p className="mt-2 text-2xl font-semibold tabular-nums">{described.headline}</p>
      <p className="text-sm text-slate-700">{described.detail}</p>
      <Link href={`${base}/quality`} className="mt-3 inline-block text-sm font-medium text-blue-800 underline underline-offset-2">
        Quality report
      </Link>
    </section>
  );
}

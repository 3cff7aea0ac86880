import type { ReactNode } from 'react';

/**
 * A chart with its title and a one-sentence summary for screen readers; the table beside each
 * chart holds the same numbers for anyone who cannot see it.
 */
export function ChartFigure({ title, summary, testId, children, height = 280 }: { title: string; summary: string; testId: string; children: ReactNode; height?: number }) {
  return (
    <figure className="quality-chart" data-testid={testId}>
      <figcaption className="mb-2 text-sm font-medium text-slate-800">{title}</figcaption>
      <div role="img" aria-label={`${title}. ${summary}`} style={{ height }} className="w-full">
        {children}
      </div>
    </figure>
  );
}

/** Distinct, colour-blind-friendly series colours (Okabe–Ito), then greys. */
export const SERIES_COLORS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000', '#6b7280', '#9ca3af'];

/** Ticks of a 0–100% axis. */
export const SHARE_TICKS = [0, 0.2, 0.4, 0.6, 0.8, 1];

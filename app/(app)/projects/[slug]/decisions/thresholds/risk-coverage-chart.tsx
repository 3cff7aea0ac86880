'use client';

import { CartesianGrid, Legend, Line, LineChart, ReferenceDot, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { computeNiceTicks } from '@/app/_lib/nice-ticks';
import type { TCertificate } from './certificate-types';
import { formatRisk } from './format-certificate';

/**
 * Automation rate against error on the calibration cases: the error the model makes on what it
 * decides alone (observed, and its upper bound at 1 − δ), α as a line, and the certified point.
 */
export function RiskCoverageChart({ certificate }: { certificate: TCertificate }) {
  const points = certificate.curve
    .filter((point) => point.cases > 0)
    .map((point) => ({ coverage: point.coverage, observed: point.errors / point.cases, bound: point.upperBound, threshold: point.threshold }));
  // Scaled to where the decision is made (α and the certified point), not to the bound over the few
  // highest-scoring cases, which is near 100% and would flatten everything else.
  const highest = Math.max(certificate.alpha * 3, certificate.threshold === null ? 0 : certificate.upperBound * 1.5, ...points.map((p) => p.observed * 1.2));
  const yAxis = computeNiceTicks(0, Math.min(1, highest), { bounds: [0, 1] });
  const xAxis = computeNiceTicks(0, 1, { bounds: [0, 1] });
  const certified = certificate.threshold === null ? null : { coverage: certificate.coverage, bound: certificate.upperBound };
  const summary = certified
    ? `At the certified threshold ${certificate.threshold} the model decides ${formatRisk(certified.coverage)} of cases with an error bound of ${formatRisk(certified.bound)} against α ${formatRisk(certificate.alpha)}.`
    : `No threshold was certified at α ${formatRisk(certificate.alpha)}.`;
  return (
    <figure data-testid="risk-coverage-chart">
      <figcaption className="mb-2 text-sm font-medium text-slate-800">Error of automatic decisions against the share the model decides</figcaption>
      <div role="img" aria-label={`Risk–coverage curve. ${summary}`} className="h-72 w-full">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={points} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
            <CartesianGrid stroke="#e2e8f0" />
            <XAxis type="number" dataKey="coverage" domain={xAxis.domain} ticks={xAxis.ticks} interval={0} tickFormatter={(value: number) => `${Math.round(value * 100)}%`} />
            <YAxis domain={yAxis.domain} ticks={yAxis.ticks} interval={0} allowDataOverflow tickFormatter={(value: number) => formatRisk(value)} width={64} />
            <Tooltip
              formatter={(value, name) => [formatRisk(Number(value)), name]}
              labelFormatter={(value, payload) => `${formatRisk(Number(value))} automatic (threshold ${payload?.[0]?.payload?.threshold ?? '?'})`}
            />
            <Legend verticalAlign="top" height={28} />
            <ReferenceLine y={certificate.alpha} stroke="#D55E00" strokeDasharray="4 3" label={{ value: `α ${formatRisk(certificate.alpha)}`, position: 'insideTopLeft', fontSize: 11 }} />
            <Line dataKey="observed" name="Observed error" stroke="#0072B2" dot={false} strokeWidth={1.5} isAnimationActive={false} />
            <Line dataKey="bound" name={`Upper bound (${formatRisk(1 - certificate.delta)} confidence)`} stroke="#CC79A7" strokeDasharray="5 3" dot={false} strokeWidth={1.5} isAnimationActive={false} />
            {certified ? <ReferenceDot x={certified.coverage} y={Math.min(certified.bound, yAxis.domain[1])} r={6} fill="#009E73" stroke="#064e3b" label={{ value: 'certified', position: 'top', fontSize: 11 }} /> : null}
          </LineChart>
        </ResponsiveContainer>
      </div>
      <p className="mt-2 text-xs text-slate-600">{summary}</p>
    </figure>
  );
}

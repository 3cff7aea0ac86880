import type { RouterOutputs } from '@/app/_lib/router-types';

type TAgreement = RouterOutputs['project']['overview']['agreement'];

/** "+3.1 pts" between two accuracies; an em dash for the first version or a missing figure. */
export function describeAccuracyChange(previous: number | null, current: number | null): string {
  if (previous === null || current === null) return '—';
  const points = (current - previous) * 100;
  if (Math.abs(points) < 0.05) return '±0.0 pts';
  return `${points > 0 ? '+' : '−'}${Math.abs(points).toFixed(1)} pts`;
}

/** Krippendorff's reading of alpha: 0.800 and up reliable, 0.667 and up tentative. */
export function describeAgreement(agreement: TAgreement, overlap: number): { headline: string; detail: string } {
  if (!agreement) {
    return {
      headline: 'No report yet',
      detail:
        overlap > 1
          ? 'The quality report has not been computed yet; open it to compute it.'
          : 'Agreement needs items labeled by two or more people: set the overlap above 1 in Settings.',
    };
  }
  const computed = `Computed ${agreement.computedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  if (agreement.alpha === null) return { headline: 'Not yet', detail: `${agreement.reason} ${computed}.` };
  const level = agreement.alpha >= 0.8 ? 'reliable' : agreement.alpha >= 0.667 ? 'good enough for tentative conclusions' : 'too low to rely on';
  const interval = agreement.ci95 ? `, 95% CI ${agreement.ci95[0].toFixed(3)} – ${agreement.ci95[1].toFixed(3)}` : '';
  return {
    headline: `α = ${agreement.alpha.toFixed(3)}`,
    detail: `Krippendorff’s α over ${agreement.items.toLocaleString('en')} items with two or more labels${interval}: ${level}. ${computed}.`,
  };
}

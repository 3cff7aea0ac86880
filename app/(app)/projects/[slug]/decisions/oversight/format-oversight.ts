/** How the oversight page writes its numbers: shares as percentages, times in UTC like the decision record. */

export function formatPercent(value: number | null | undefined, digits = 1): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '—' : `${(value * 100).toFixed(digits)}%`;
}

export function formatCount(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '—' : Math.round(value).toLocaleString('en');
}

/** The e-value: a multiplier, to three significant figures (0.0421, 6.83, 1,230). */
export function formatEvidence(value: number): string {
  if (!Number.isFinite(value)) return '—';
  return value >= 1000 ? Math.round(value).toLocaleString('en') : Number(value.toPrecision(3)).toString();
}

const timeFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

export function formatTime(date: Date | null | undefined): string {
  return date ? `${timeFormat.format(date)} UTC` : '—';
}

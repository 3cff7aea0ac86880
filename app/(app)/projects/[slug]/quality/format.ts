/** How the report writes its numbers: proportions as percentages, coefficients to three decimals. */

export function formatPercent(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return `${(value * 100).toFixed(digits)}%`;
}

export function formatCoefficient(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return value.toFixed(3);
}

export function formatInterval(ci95: readonly [number, number] | null | undefined, format: (value: number) => string = formatCoefficient): string {
  return ci95 ? `${format(ci95[0])} – ${format(ci95[1])}` : '—';
}

export function formatCount(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return Math.round(value).toLocaleString('en');
}

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 3_600_000) return `${(ms / 60_000).toFixed(1)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

export function formatDateTime(date: Date | null | undefined): string {
  if (!date) return '—';
  return date.toLocaleString('en', { dateStyle: 'medium', timeStyle: 'short' });
}

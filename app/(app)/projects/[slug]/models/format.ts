/** Number formatting shared by the model page's panels. */

export function formatPercent(value: number | null | undefined, digits = 1): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '—' : `${(value * 100).toFixed(digits)}%`;
}

export function formatInterval(ci95: readonly [number, number] | null | undefined): string {
  if (!ci95 || !Number.isFinite(ci95[0]) || !Number.isFinite(ci95[1])) return '';
  return `${formatPercent(ci95[0])}–${formatPercent(ci95[1])}`;
}

export function formatCount(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '—' : Math.round(value).toLocaleString('en');
}

export function formatSeconds(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return value < 60 ? `${value.toFixed(1)} s` : `${Math.floor(value / 60)} min ${Math.round(value % 60)} s`;
}

export function formatDateTime(value: Date | string | null | undefined): string {
  if (!value) return '—';
  return new Date(value).toLocaleString('en', { dateStyle: 'medium', timeStyle: 'short' });
}

export const STRATEGY_LABELS: Record<string, string> = {
  random: 'Random',
  least_confidence: 'Least confidence',
  margin: 'Margin',
  entropy: 'Entropy',
  bald: 'BALD',
  committee: 'Query by committee',
  mean_binary_entropy: 'Mean binary entropy',
  threshold_proximity: 'Closest to a threshold',
};

export function describeStrategy(id: string): string {
  return STRATEGY_LABELS[id] ?? id;
}

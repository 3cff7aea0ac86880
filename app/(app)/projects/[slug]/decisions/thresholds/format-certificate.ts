/** A share as a percentage with enough digits for small risks (0.5%, 0.05%). */
export function formatRisk(share: number): string {
  if (share === 0) return '0%';
  const percent = share * 100;
  const digits = percent >= 10 ? 0 : percent >= 1 ? 1 : percent >= 0.1 ? 2 : 3;
  return `${percent.toFixed(digits)}%`;
}

export function formatPerDay(value: number): string {
  return value >= 100 ? Math.round(value).toLocaleString('en') : value.toFixed(1);
}

export const FORM_TEXT: Record<string, string> = {
  error: 'Error rate of automatic decisions',
  per_label: 'Minimum precision per label',
  budget: 'Automatic and wrong, as a share of all traffic',
};

export const STATUS_TEXT: Record<string, string> = { proposed: 'Proposed', approved: 'In force', retired: 'Retired' };

import type { RouterOutputs } from '@/app/_lib/router-types';

type TItemProgress = RouterOutputs['project']['overview']['progress'];

/**
 * The parts of a project's progress, in the order work moves through them. Each has a colour and a
 * pattern-free text legend with its count, so the colour never carries the meaning alone.
 */
export const PROGRESS_PARTS = [
  { key: 'labeled', label: 'Labeled', color: 'bg-green-700', hint: 'final label decided' },
  { key: 'inReview', label: 'In review', color: 'bg-amber-500', hint: 'waiting for a reviewer' },
  { key: 'inOverlap', label: 'In overlap', color: 'bg-blue-600', hint: 'waiting for more annotators' },
  { key: 'remaining', label: 'Remaining', color: 'bg-slate-200', hint: 'not labeled yet' },
] as const;

const numberFormat = new Intl.NumberFormat('en');

export function formatShareOf(part: number, total: number): string {
  if (total === 0) return '0%';
  const percent = (part / total) * 100;
  // "0%" for a handful of items out of a million would read as "none".
  if (part > 0 && percent < 1) return '<1%';
  return `${Math.round(percent)}%`;
}

/** A stacked bar of where the items stand, with its legend; `isCompact` for the projects list. */
export function ItemProgressBar({ progress, isCompact = false, testId }: { progress: TItemProgress; isCompact?: boolean; testId?: string }) {
  const total = progress.total;
  const summary =
    total === 0
      ? 'No items yet'
      : PROGRESS_PARTS.map((part) => `${part.label} ${numberFormat.format(progress[part.key])} (${formatShareOf(progress[part.key], total)})`).join(', ');
  return (
    <div data-testid={testId}>
      <div role="img" aria-label={`Progress of ${numberFormat.format(total)} items: ${summary}`} className={`flex w-full overflow-hidden rounded-full bg-slate-200 ${isCompact ? 'h-2' : 'h-3'}`}>
        {total > 0
          ? PROGRESS_PARTS.filter((part) => part.key !== 'remaining' && progress[part.key] > 0).map((part) => (
              <span key={part.key} className={`${part.color} h-full`} style={{ width: `${(progress[part.key] / total) * 100}%` }} />
            ))
          : null}
      </div>
      <ul className={`mt-2 flex flex-wrap gap-x-4 gap-y-1 ${isCompact ? 'text-xs' : 'text-sm'} text-slate-700`} aria-label="Progress">
        {PROGRESS_PARTS.map((part) =>
          isCompact && progress[part.key] === 0 ? null : (
            <li key={part.key} className="flex items-center gap-1.5" data-testid={testId ? `${testId}-${part.key}` : undefined}>
              <span aria-hidden className={`inline-block size-2.5 rounded-sm border border-slate-400 ${part.color}`} />
              <span>
                {part.label} <span className="font-medium tabular-nums text-slate-900">{numberFormat.format(progress[part.key])}</span>
                {isCompact ? null : <span className="text-slate-600"> ({formatShareOf(progress[part.key], total)})</span>}
              </span>
            </li>
          ),
        )}
      </ul>
    </div>
  );
}

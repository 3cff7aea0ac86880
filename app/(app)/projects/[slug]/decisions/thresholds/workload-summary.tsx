import type { TWorkload } from './certificate-types';
import { formatPerDay, formatRisk } from './format-certificate';

/** What a coverage means for people: cases a day to reviewers at current traffic, against what they have been answering. */
export function WorkloadSummary({ workload, coverage }: { workload: TWorkload; coverage: number }) {
  // The rules' share goes to people whatever the threshold; of the rest, all but `coverage`.
  const toPeople = workload.casesPerDay * (workload.ruleShare + (1 - workload.ruleShare) * (1 - coverage));
  const capacity = workload.capacity;
  const isOver = capacity !== null && toPeople > capacity.answersPerDay;
  return (
    <div className="rounded border border-slate-200 p-3 text-sm" data-testid="workload">
      <h3 className="font-medium text-slate-900">Human workload at this threshold</h3>
      {workload.casesPerDay === 0 ? (
        <p className="mt-1 text-slate-700">No cases in the last {workload.trafficDays} days: nothing to project yet.</p>
      ) : (
        <p className="mt-1 text-slate-700">
          At current traffic ({formatPerDay(workload.casesPerDay)} cases a day, {formatRisk(workload.ruleShare)} sent to people by rules), about{' '}
          <strong>{formatPerDay(toPeople)} cases a day</strong> go to people.{' '}
          {capacity === null ? (
            'Reviewers have not answered any case yet, so their capacity is unknown.'
          ) : (
            <span className={isOver ? 'font-medium text-red-800' : undefined}>
              Reviewers answered {formatPerDay(capacity.answersPerDay)} a day ({plural(capacity.reviewers, 'reviewer')}, {plural(capacity.days, 'day')} with answers in the last two weeks)
              {isOver ? ': more than they have been answering, so the queue would grow.' : '.'}
            </span>
          )}
        </p>
      )}
    </div>
  );
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

import { formatCoefficient, formatCount, formatInterval } from './format';
import type { TQualityReport } from './report-types';
import { describeModelVerdict } from './verdict-text';
import { SIMULATION_METRIC_NAMES } from '@/ml/simulate/simulation-metric';

const LABEL_VERDICTS = {
  reliable: { title: 'Yes', tone: 'border-green-300 bg-green-50', text: 'Krippendorff’s α is at least 0.800, the level Krippendorff accepts for drawing conclusions.' },
  tentative: { title: 'With care', tone: 'border-amber-300 bg-amber-50', text: 'α is between 0.667 and 0.800: good enough for tentative conclusions only.' },
  unreliable: { title: 'Not yet', tone: 'border-red-300 bg-red-50', text: 'α is below 0.667: the annotators disagree too often; check the guidelines and the flagged annotators.' },
} as const;

/** The two questions the report answers, answered in a sentence each, plus the active-learning gain. */
export function Verdicts({ report }: { report: TQualityReport }) {
  const { labels } = report.verdicts;
  const simulation = report.simulation;
  const labelVerdict = labels ? LABEL_VERDICTS[labels.level] : null;
  const modelVerdict = describeModelVerdict(report);
  return (
    <div className="grid gap-4 md:grid-cols-3" data-testid="verdicts">
      <article className={`rounded-lg border p-4 ${labelVerdict?.tone ?? 'border-slate-200 bg-white'}`} aria-labelledby="verdict-labels">
        <h2 id="verdict-labels" className="text-sm font-medium text-slate-700">
          Can we trust the labels?
        </h2>
        <p className="mt-1 text-2xl font-semibold" data-testid="verdict-labels">
          {labelVerdict?.title ?? 'Not enough overlap'}
        </p>
        <p className="mt-1 text-sm text-slate-800">
          {labels ? (
            <>
              α = {formatCoefficient(labels.alpha)} (95% CI {formatInterval(labels.ci95)}). {labelVerdict!.text}
            </>
          ) : (
            (report.snapshot?.agreement.krippendorff_alpha.value === null ? report.snapshot.agreement.krippendorff_alpha.reason : null) ??
            'Agreement needs items labeled by two or more annotators.'
          )}
        </p>
      </article>
      <article className={`rounded-lg border p-4 ${modelVerdict.tone}`} aria-labelledby="verdict-model">
        <h2 id="verdict-model" className="text-sm font-medium text-slate-700">
          Has the model caught up with people?
        </h2>
        <p className="mt-1 text-2xl font-semibold" data-testid="verdict-model">
          {modelVerdict.title}
        </p>
        <p className="mt-1 text-sm text-slate-800">{modelVerdict.text}</p>
      </article>
      <article className="rounded-lg border border-slate-200 bg-white p-4" aria-labelledby="verdict-gain">
        <h2 id="verdict-gain" className="text-sm font-medium text-slate-700">
          Gain of active learning over random
        </h2>
        <p className="mt-1 text-2xl font-semibold" data-testid="verdict-gain">
          {simulation?.gain?.labelsSaved != null ? `${formatCount(simulation.gain.labelsSaved)} labels saved` : simulation ? '—' : 'No simulation yet'}
        </p>
        <p className="mt-1 text-sm text-slate-800">
          {simulation?.gain
            ? `Simulated with ${simulation.chosen}: ${
                simulation.gain.labelsSaved != null ? `reaches 95% of full-data ${SIMULATION_METRIC_NAMES[simulation.metric]} with ${formatCount(Math.abs(simulation.gain.labelsSaved))} ${simulation.gain.labelsSaved >= 0 ? 'fewer' : 'more'} labels than random` : 'no 95% point to compare'
              }${simulation.gain.aulcDifference != null ? `; area under the learning curve ${simulation.gain.aulcDifference >= 0 ? '+' : ''}${simulation.gain.aulcDifference.toFixed(3)}` : ''}.`
            : (simulation?.note ?? 'Once the learning loop has simulated the sampling strategies on labeled data, the gain over random sampling shows here.')}
        </p>
      </article>
    </div>
  );
}

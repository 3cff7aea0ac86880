import { formatInterval, formatPercent } from './format';
import type { TQualityReport } from './report-types';

export type TVerdictText = { title: string; text: string; tone: string };

const NEUTRAL_TONE = 'border-slate-200 bg-white';

const MODEL_VERDICTS = {
  above: { title: 'Above', tone: 'border-green-300 bg-green-50', text: 'its whole 95% interval is above the annotators’ mean accuracy.' },
  at: { title: 'At human level', tone: 'border-green-300 bg-green-50', text: 'its 95% interval covers the annotators’ mean accuracy.' },
  below: { title: 'Not yet', tone: 'border-amber-300 bg-amber-50', text: 'its whole 95% interval is below the annotators’ mean accuracy.' },
} as const;

/**
 * "Has the model caught up with people?" in a title and a sentence. Without a verdict there are two
 * different reasons, and the headline names the real one: no model version yet, or a model but no
 * human level to compare it with (too few items labeled by more than one annotator).
 */
export function describeModelVerdict(report: Pick<TQualityReport, 'models' | 'verdicts'>): TVerdictText {
  const { model } = report.verdicts;
  const latest = report.models[report.models.length - 1];
  // Label sets: the model's micro-F1 against the annotators' micro-F1 against each other.
  const isSets = latest?.metric === 'micro_f1';
  const metric = isSets ? 'micro-F1' : 'accuracy';
  if (model) {
    const verdict = MODEL_VERDICTS[model.level];
    const score = `v${model.version}: ${metric} ${formatPercent(model.accuracy.value)} (95% CI ${formatInterval(model.accuracy.ci95, (value) => formatPercent(value))})`;
    const text = isSets ? verdict.text.replace('annotators’ mean accuracy', 'annotators’ micro-F1 against each other') : verdict.text;
    return { title: verdict.title, tone: verdict.tone, text: `${score} against the annotators’ ${formatPercent(model.humanMean)}; ${text}` };
  }
  if (!latest) return { title: 'No model yet', tone: NEUTRAL_TONE, text: 'No model version has been trained and evaluated yet.' };
  return {
    title: 'No human level yet',
    tone: NEUTRAL_TONE,
    text:
      `v${latest.version} has ${metric} ${formatPercent(latest.accuracy.value)} (95% CI ${formatInterval(latest.accuracy.ci95, (value) => formatPercent(value))}), ` +
      'but no annotator shares enough items with others to set a human level to compare it with. Labels from two or more annotators on the same items (overlap) set it.',
  };
}

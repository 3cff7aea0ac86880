'use client';

import { FormField } from '@/app/_components/form-field';
import { FormNotice } from '@/app/_components/form-notice';
import { findInvalidField } from '@/app/_lib/form-validity';
import { asPercent, shareFromPercent } from '@/app/_lib/percent';
import { useTRPC } from '@/app/_lib/trpc';
import { useFormMutation } from '@/app/_lib/use-form-mutation';
import { MODEL_KIND_INPUT, MODEL_KIND_TASK, MODEL_KINDS } from '@/ml/model-kinds';
import { DEFAULT_TASK_STRATEGIES, listModelStrategies } from '@/ml/sampling/strategy-model';
import type { TLearningSettings } from './model-types';

const DIVERSITY_OPTIONS = [
  { id: 'none', label: 'None: strictly by score' },
  { id: 'kcenter', label: 'k-center: spread over the feature space' },
  { id: 'cluster', label: 'Clusters: best item of each cluster' },
] as const;

const MODEL_KIND_LABELS = {
  softmax: 'Softmax regression (fast)',
  mlp: 'MLP with dropout (BALD needs it)',
  cnn: 'CNN with dropout (images)',
  'pixel-softmax': 'Softmax regression on pixels (images, fast)',
  sigmoid: 'One-vs-rest sigmoid with per-label thresholds (label sets)',
  'bio-tagger': 'BIO token tagger (spans)',
} as const;

/** Cold start, said for the project's model: per label for single labels, per label on average for label sets. */
function describeColdStart(modelKind: TLearningSettings['modelKind']): string {
  return MODEL_KIND_TASK[modelKind] === 'multi_label'
    ? 'Until 5 items per label are labeled (each answer says yes or no to every label) the queue stays random (cold start).'
    : 'Until every label has 5 human labels the queue stays random (cold start).';
}

/** How the project learns: data scientists and managers change it, everyone on this page sees it. */
export function LearningSettingsForm({ projectId, settings, canManage }: { projectId: number; settings: TLearningSettings; canManage: boolean }) {
  return canManage ? <LearningSettingsEditor projectId={projectId} settings={settings} /> : <LearningSettingsSummary settings={settings} />;
}

/**
 * The same settings as text for those who may not change them: disabled inputs looked live (and
 * read badly: greyed out, some unreadable), and a form nobody can submit is no form.
 */
function LearningSettingsSummary({ settings }: { settings: TLearningSettings }) {
  const strategy = listModelStrategies(settings.modelKind).find((entry) => entry.id === settings.samplingStrategy);
  const rows = [
    { term: 'Sampling strategy', value: strategy ? `${strategy.label} — ${strategy.description}` : settings.samplingStrategy },
    { term: 'Random share', value: `${asPercent(settings.explorationShare)}% of picks made at random anyway` },
    { term: 'Retrain after', value: `${settings.retrainEvery.toLocaleString('en')} new labels` },
    { term: 'Model', value: MODEL_KIND_LABELS[settings.modelKind] ?? settings.modelKind },
    { term: 'Batch diversity', value: DIVERSITY_OPTIONS.find((option) => option.id === settings.batchDiversity)?.label ?? settings.batchDiversity },
    { term: 'Model disagrees', value: `a label goes to review when the model gives another label ${asPercent(settings.disagreementConfidence)}% or more` },
  ];
  return (
    <section className="card space-y-4" aria-labelledby="strategy-heading" data-testid="learning-settings-readonly">
      <h2 id="strategy-heading" className="text-lg font-semibold">
        What people label next
      </h2>
      <dl className="space-y-3 text-sm">
        {rows.map((row) => (
          <div key={row.term}>
            <dt className="font-medium text-slate-800">{row.term}</dt>
            <dd className="text-slate-700">{row.value}</dd>
          </div>
        ))}
      </dl>
      <p className="text-xs text-slate-600">
        {describeColdStart(settings.modelKind)} The evaluation set is always drawn at random.
      </p>
      <p className="text-sm text-slate-700">Data scientists and managers change these.</p>
    </section>
  );
}

function LearningSettingsEditor({ projectId, settings }: { projectId: number; settings: TLearningSettings }) {
  const trpc = useTRPC();
  const update = useFormMutation(trpc.models.updateSettings.mutationOptions(), { invalidates: [trpc.models.pathKey()] });
  const onSubmit = update.handleSubmit(
    (form) => ({
      projectId,
      settings: {
        samplingStrategy: String(form.get('samplingStrategy')) as TLearningSettings['samplingStrategy'],
        explorationShare: shareFromPercent(form.get('explorationShare'), settings.explorationShare),
        retrainEvery: Number(form.get('retrainEvery')),
        modelKind: String(form.get('modelKind')) as TLearningSettings['modelKind'],
        batchDiversity: String(form.get('batchDiversity')) as TLearningSettings['batchDiversity'],
        disagreementConfidence: shareFromPercent(form.get('disagreementConfidence'), settings.disagreementConfidence),
      },
    }),
    { validate: findInvalidField, success: 'Saved. The queue is reordered in the background.' },
  );

  return (
    <form onSubmit={onSubmit} className="card space-y-4" aria-labelledby="strategy-heading" noValidate>
      <h2 id="strategy-heading" className="text-lg font-semibold">
        What people label next
      </h2>
      <FormNotice notice={update.notice} />
      <fieldset className="space-y-4">
        <legend className="text-sm font-medium text-slate-800">Sampling strategy</legend>
        <div className="space-y-2">
          {/* The strategies the project's model serves: a multi-label project's rank label sets, a span project's score tokens. */}
          {listModelStrategies(settings.modelKind).map((strategy) => (
            <label key={strategy.id} className="flex gap-2 text-sm">
              <input type="radio" name="samplingStrategy" value={strategy.id} defaultChecked={settings.samplingStrategy === strategy.id} className="mt-0.5 size-4" />
              <span>
                <span className="font-medium">{strategy.label}</span>
                {strategy.id === DEFAULT_TASK_STRATEGIES[MODEL_KIND_TASK[settings.modelKind]] ? ' (default)' : ''} — <span className="text-slate-700">{strategy.description}</span>
              </span>
            </label>
          ))}
        </div>
        <div className="grid gap-4 sm:grid-cols-2">
          <FormField
            label="Random share (%)"
            name="explorationShare"
            type="number"
            min={0}
            max={100}
            step={0.1}
            defaultValue={asPercent(settings.explorationShare)}
            hint="Picks made at random anyway: unbiased estimates, and what the model is confidently wrong about."
          />
          <FormField label="Retrain after (labels)" name="retrainEvery" type="number" min={5} max={100000} defaultValue={settings.retrainEvery} />
          <FormField
            label="Model disagrees at (%)"
            name="disagreementConfidence"
            type="number"
            min={50}
            max={99}
            step={1}
            defaultValue={asPercent(settings.disagreementConfidence)}
            hint="A human label goes to review when the model gives another label at least this probability."
          />
        </div>
        <div className="grid gap-4 sm:grid-cols-2">
          <div>
            <label htmlFor="modelKind" className="block text-sm font-medium text-slate-800">
              Model
            </label>
            <select id="modelKind" name="modelKind" className="input mt-1" defaultValue={settings.modelKind}>
              {/* Only the kinds that read what this project labels (text or images) and predict what it asks (a label or a set): the current kind fits it. */}
              {MODEL_KINDS.filter((kind) => MODEL_KIND_INPUT[kind] === MODEL_KIND_INPUT[settings.modelKind] && MODEL_KIND_TASK[kind] === MODEL_KIND_TASK[settings.modelKind]).map((kind) => (
                <option key={kind} value={kind}>
                  {MODEL_KIND_LABELS[kind]}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="batchDiversity" className="block text-sm font-medium text-slate-800">
              Batch diversity
            </label>
            <select id="batchDiversity" name="batchDiversity" className="input mt-1" defaultValue={settings.batchDiversity}>
              {/* Span projects order by token uncertainty alone: the settings refuse the other modes there. */}
              {DIVERSITY_OPTIONS.filter((option) => option.id === 'none' || MODEL_KIND_INPUT[settings.modelKind] !== 'span').map((option) => (
                <option key={option.id} value={option.id}>
                  {option.label}
                </option>
              ))}
            </select>
          </div>
        </div>
      </fieldset>
      <p className="text-xs text-slate-600">
        {describeColdStart(settings.modelKind)} The evaluation set is always drawn at random.
      </p>
      <div className="flex justify-end">
        <button type="submit" className="btn-primary" disabled={update.isPending}>
          {update.isPending ? 'Saving…' : 'Save strategy'}
        </button>
      </div>
    </form>
  );
}

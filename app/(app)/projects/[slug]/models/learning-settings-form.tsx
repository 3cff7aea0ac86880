'use client';

import { FormField } from '@/app/_components/form-field';
import { FormNotice } from '@/app/_components/form-notice';
import { findInvalidField } from '@/app/_lib/form-validity';
import { asPercent, shareFromPercent } from '@/app/_lib/percent';
import { useTRPC } from '@/app/_lib/trpc';
import { useFormMutation } from '@/app/_lib/use-form-mutation';
import { SAMPLING_STRATEGIES } from '@/ml/sampling/strategies';
import type { TLearningSettings } from './model-types';

const DIVERSITY_OPTIONS = [
  { id: 'none', label: 'None: strictly by score' },
  { id: 'kcenter', label: 'k-center: spread over the feature space' },
  { id: 'cluster', label: 'Clusters: best item of each cluster' },
] as const;

/** How the project learns: data scientists and managers change it, everyone on this page sees it. */
export function LearningSettingsForm({ projectId, settings, canManage }: { projectId: number; settings: TLearningSettings; canManage: boolean }) {
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
      <fieldset disabled={!canManage} className="space-y-4">
        <legend className="text-sm font-medium text-slate-800">Sampling strategy</legend>
        <div className="space-y-2">
          {SAMPLING_STRATEGIES.map((strategy) => (
            <label key={strategy.id} className="flex gap-2 text-sm">
              <input type="radio" name="samplingStrategy" value={strategy.id} defaultChecked={settings.samplingStrategy === strategy.id} className="mt-0.5 size-4" />
              <span>
                <span className="font-medium">{strategy.label}</span>
                {strategy.id === 'margin' ? ' (default)' : ''} — <span className="text-slate-700">{strategy.description}</span>
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
        </div>
        <div className="grid gap-4 sm:grid-cols-2">
          <div>
            <label htmlFor="modelKind" className="block text-sm font-medium text-slate-800">
              Model
            </label>
            <select id="modelKind" name="modelKind" className="input mt-1" defaultValue={settings.modelKind}>
              <option value="softmax">Softmax regression (fast)</option>
              <option value="mlp">MLP with dropout (BALD needs it)</option>
            </select>
          </div>
          <div>
            <label htmlFor="batchDiversity" className="block text-sm font-medium text-slate-800">
              Batch diversity
            </label>
            <select id="batchDiversity" name="batchDiversity" className="input mt-1" defaultValue={settings.batchDiversity}>
              {DIVERSITY_OPTIONS.map((option) => (
                <option key={option.id} value={option.id}>
                  {option.label}
                </option>
              ))}
            </select>
          </div>
        </div>
      </fieldset>
      <p className="text-xs text-slate-600">
        Until every label has 5 human labels the queue stays random (cold start). The evaluation set is always drawn at random.
      </p>
      {canManage ? (
        <div className="flex justify-end">
          <button type="submit" className="btn-primary" disabled={update.isPending}>
            {update.isPending ? 'Saving…' : 'Save strategy'}
          </button>
        </div>
      ) : (
        <p className="text-sm text-slate-700">Data scientists and managers change these.</p>
      )}
    </form>
  );
}

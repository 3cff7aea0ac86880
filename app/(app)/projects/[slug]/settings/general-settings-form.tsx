'use client';

import { FormField } from '@/app/_components/form-field';
import { FormNotice } from '@/app/_components/form-notice';
import { findInvalidField } from '@/app/_lib/form-validity';
import { asPercent, shareFromPercent } from '@/app/_lib/percent';
import type { RouterOutputs } from '@/app/_lib/router-types';
import { useTRPC } from '@/app/_lib/trpc';
import { useFormMutation } from '@/app/_lib/use-form-mutation';
import { MAX_TASK_BATCH } from '@/server/routers/label.schema';

type TProps = { project: Pick<RouterOutputs['project']['bySlug'], 'id' | 'name' | 'instructions' | 'settings'> };

export function GeneralSettingsForm({ project }: TProps) {
  const trpc = useTRPC();
  const update = useFormMutation(trpc.project.update.mutationOptions(), { invalidates: 'page' });
  const onSubmit = update.handleSubmit(
    (form) => ({
      projectId: project.id,
      name: String(form.get('name')),
      instructions: String(form.get('instructions')),
      settings: {
        overlap: Number(form.get('overlap')),
        overlapShare: shareFromPercent(form.get('overlapShare'), project.settings.overlapShare),
        maxTextBytes: Number(form.get('maxTextBytes')),
        leaseSeconds: Number(form.get('leaseSeconds')),
        taskBatchSize: Number(form.get('taskBatchSize')),
        goldRate: shareFromPercent(form.get('goldRate'), project.settings.goldRate),
        goldCheckShare: shareFromPercent(form.get('goldCheckShare'), project.settings.goldCheckShare),
        auditRate: shareFromPercent(form.get('auditRate'), project.settings.auditRate),
        evalFraction: shareFromPercent(form.get('evalFraction'), project.settings.evalFraction),
        showModelSuggestion: form.get('showModelSuggestion') === 'on',
      },
    }),
    // The fields carry their own ranges; the browser's message names the bound in the unit the person typed.
    { validate: findInvalidField, success: 'Settings saved.' },
  );

  return (
    <form onSubmit={onSubmit} className="card space-y-4" aria-labelledby="general-heading" noValidate>
      <h2 id="general-heading" className="font-semibold">
        General
      </h2>
      <FormNotice notice={update.notice} />
      <FormField label="Name" name="name" defaultValue={project.name} required />
      <div>
        <label htmlFor="instructions" className="block text-sm font-medium text-slate-800">
          Instructions for annotators
        </label>
        <textarea id="instructions" name="instructions" className="input mt-1 min-h-28" defaultValue={project.instructions} />
      </div>
      <fieldset className="grid gap-4 sm:grid-cols-3">
        <legend className="mb-2 text-sm font-medium text-slate-800">Queue</legend>
        <FormField label="Annotators per item" name="overlap" type="number" min={1} max={10} defaultValue={project.settings.overlap} />
        <FormField
          label="…on this share of items (%)"
          name="overlapShare"
          type="number"
          step={0.1}
          min={0}
          max={100}
          defaultValue={asPercent(project.settings.overlapShare)}
          hint="The rest get one annotator; a sample is enough to measure agreement."
        />
        <FormField label="Task reservation (s)" name="leaseSeconds" type="number" min={30} defaultValue={project.settings.leaseSeconds} />
        <FormField
          label="Tasks held per annotator"
          name="taskBatchSize"
          type="number"
          min={1}
          max={MAX_TASK_BATCH}
          defaultValue={project.settings.taskBatchSize}
          hint="Reserved ahead so the next one is always on screen at once; unused ones return to the queue when their reservation ends."
        />
        <FormField label="Evaluation set (% of items)" name="evalFraction" type="number" step={0.1} min={0} max={50} defaultValue={asPercent(project.settings.evalFraction)} />
        <FormField label="Max text size (bytes)" name="maxTextBytes" type="number" min={100} defaultValue={project.settings.maxTextBytes} />
      </fieldset>
      <fieldset className="grid gap-4 sm:grid-cols-3">
        <legend className="mb-2 text-sm font-medium text-slate-800">Quality checks</legend>
        <FormField
          label="Gold checks served (% of tasks)"
          name="goldRate"
          type="number"
          step={0.1}
          min={0}
          max={50}
          defaultValue={asPercent(project.settings.goldRate)}
        />
        <FormField
          label="Gold-labeled items used as checks (%)"
          name="goldCheckShare"
          type="number"
          step={0.1}
          min={0}
          max={100}
          defaultValue={asPercent(project.settings.goldCheckShare)}
          hint="The others keep their known answer hidden, for evaluation."
        />
        <FormField label="Random review audit (% of items)" name="auditRate" type="number" step={0.1} min={0} max={100} defaultValue={asPercent(project.settings.auditRate)} />
      </fieldset>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="showModelSuggestion" defaultChecked={project.settings.showModelSuggestion} className="size-4" />
        Show the model&apos;s suggestion to annotators
      </label>
      <div className="flex justify-end">
        <button type="submit" className="btn-primary" disabled={update.isPending}>
          {update.isPending ? 'Saving…' : 'Save settings'}
        </button>
      </div>
    </form>
  );
}

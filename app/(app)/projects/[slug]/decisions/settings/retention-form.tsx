'use client';

import { FormField } from '@/app/_components/form-field';
import { FormNotice } from '@/app/_components/form-notice';
import { findInvalidField } from '@/app/_lib/form-validity';
import { useTRPC } from '@/app/_lib/trpc';
import { useFormMutation } from '@/app/_lib/use-form-mutation';

/** At least 183 days: the EU AI Act (Art. 19, 26(6)) asks high-risk systems to keep their logs six months. */
const MIN_DAYS = 183;

export function RetentionForm({ projectId, retentionDays }: { projectId: number; retentionDays: number }) {
  const trpc = useTRPC();
  const save = useFormMutation(trpc.decisionRecord.setRetention.mutationOptions(), { invalidates: 'page' });
  const onSubmit = save.handleSubmit((form) => ({ projectId, days: Number(form.get('days')) }), { validate: findInvalidField, success: (result) => `Decisions are kept ${result.retentionDays} days.` });
  return (
    <form onSubmit={onSubmit} className="card space-y-3" aria-labelledby="retention-heading" noValidate>
      <h2 id="retention-heading" className="font-semibold">
        Retention
      </h2>
      <FormNotice notice={save.notice} />
      <FormField
        label="Keep settled decisions and their log for (days)"
        name="days"
        type="number"
        min={MIN_DAYS}
        max={36_500}
        required
        defaultValue={retentionDays}
        hint="Applied daily by the worker: older settled decisions and the oldest part of the log are removed, and the rest still verifies. At least 183 days (six months)."
      />
      <div className="flex justify-end">
        <button type="submit" className="btn-primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save retention'}
        </button>
      </div>
    </form>
  );
}

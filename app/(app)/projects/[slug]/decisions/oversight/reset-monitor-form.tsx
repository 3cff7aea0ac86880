'use client';

import { useId } from 'react';
import { FormNotice } from '@/app/_components/form-notice';
import { useTRPC } from '@/app/_lib/trpc';
import { useFormMutation } from '@/app/_lib/use-form-mutation';
import { MAX_MONITOR_RESET_REASON_LENGTH } from '@/server/routers/oversight.schema';

/** Resets a tripped monitor: the reason goes on the audit trail, and the test starts over from no audits. */
export function ResetMonitorForm({ projectId }: { projectId: number }) {
  const trpc = useTRPC();
  const reset = useFormMutation(trpc.oversight.reset.mutationOptions(), { invalidates: 'page' });
  const id = useId();
  const onSubmit = reset.handleSubmit((form) => ({ projectId, reason: String(form.get('reason') ?? '') }), {
    validate: (form) => (String(new FormData(form).get('reason') ?? '').trim() === '' ? 'Say why the model may decide again' : null),
    success: 'Reset: the monitor counts again from the next audit, and the policy routes new cases.',
    resetsForm: true,
  });
  return (
    <form onSubmit={onSubmit} className="space-y-2 border-t border-slate-200 pt-3" aria-labelledby={`${id}-heading`} noValidate data-testid="monitor-reset-form">
      <h3 id={`${id}-heading`} className="text-sm font-semibold">
        Reset the monitor
      </h3>
      <p className="text-sm text-slate-700">
        Once the cause is found and dealt with (a retrained model, a new certificate, a fixed upstream system). The audits so far are cleared and the test starts over: the
        alarm then answers whether the model is good now.
      </p>
      <FormNotice notice={reset.notice} />
      <label htmlFor={`${id}-reason`} className="block text-sm font-medium text-slate-800">
        Why the model may decide again
      </label>
      <textarea id={`${id}-reason`} name="reason" className="input min-h-20" required maxLength={MAX_MONITOR_RESET_REASON_LENGTH} />
      <div className="flex justify-end">
        <button type="submit" className="btn-danger" disabled={reset.isPending}>
          {reset.isPending ? 'Resetting…' : 'Reset the monitor'}
        </button>
      </div>
    </form>
  );
}

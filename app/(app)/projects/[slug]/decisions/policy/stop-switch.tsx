'use client';

import { useState } from 'react';
import { FormNotice } from '@/app/_components/form-notice';
import { useTRPC } from '@/app/_lib/trpc';
import { useFormMutation } from '@/app/_lib/use-form-mutation';
import { ConfirmDialog } from './confirm-dialog';

/** The stop switch: one click (and a confirmation) sends every new case to people at once; audited. */
export function StopSwitch({ projectId, isStopped }: { projectId: number; isStopped: boolean }) {
  const trpc = useTRPC();
  const setStopped = useFormMutation(trpc.decisions.setStopped.mutationOptions(), { invalidates: 'page' });
  const [isConfirming, setIsConfirming] = useState(false);
  const next = !isStopped;
  return (
    <section className={`card space-y-3 ${isStopped ? 'border-2 border-red-700' : ''}`} aria-labelledby="stop-switch-heading">
      <h2 id="stop-switch-heading" className="font-semibold">
        Stop switch
      </h2>
      <p className="text-sm text-slate-800" data-testid="stop-switch-state">
        {isStopped ? (
          <strong className="text-red-900">On: every new case goes to people, whatever the policy says.</strong>
        ) : (
          'Off: new cases are routed by the policy below.'
        )}
      </p>
      <FormNotice notice={setStopped.notice} />
      <button type="button" className={isStopped ? 'btn-secondary' : 'btn-danger'} onClick={() => setIsConfirming(true)} disabled={setStopped.isPending}>
        {isStopped ? 'Release the stop switch' : 'Stop automatic decisions'}
      </button>
      {isConfirming ? (
        <ConfirmDialog
          title={isStopped ? 'Release the stop switch?' : 'Stop automatic decisions?'}
          confirmText={isStopped ? 'Release' : 'Stop now'}
          tone={isStopped ? 'primary' : 'danger'}
          isPending={setStopped.isPending}
          onCancel={() => setIsConfirming(false)}
          onConfirm={() => {
            setIsConfirming(false);
            void setStopped.submit({ projectId, stopped: next }, { success: next ? 'Stopped: every new case now goes to people.' : 'Released: the policy routes new cases again.' });
          }}
        >
          {isStopped
            ? 'The model may decide new cases again where the policy lets it. Cases already with people stay with them.'
            : 'From now on every new case goes to people, at once. Cases already decided keep their decision. The change is recorded in the audit log.'}
        </ConfirmDialog>
      ) : null}
    </section>
  );
}

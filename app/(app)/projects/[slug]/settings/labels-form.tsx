'use client';

import { useState } from 'react';
import { FormNotice } from '@/app/_components/form-notice';
import { collectLabelErrors, LabelSetEditor, toEditableLabels, type TLabelErrors } from '@/app/_components/label-set-editor';
import { useTRPC } from '@/app/_lib/trpc';
import { useFormMutation } from '@/app/_lib/use-form-mutation';
import { ZLabelSet, type TLabel } from '@/server/routers/project.schema';

export function LabelsForm({ projectId, labels: initial }: { projectId: number; labels: TLabel[] }) {
  const trpc = useTRPC();
  const setLabels = useFormMutation(trpc.project.setLabels.mutationOptions(), { invalidates: 'page' });
  const [labels, setEditable] = useState(() => toEditableLabels(initial));
  const [rowErrors, setRowErrors] = useState<TLabelErrors>({});

  const onSubmit = setLabels.handleSubmit(
    () => {
      const parsed = ZLabelSet.safeParse(labels.map(({ id, name, hotkey, color }) => ({ id, name, hotkey, color })));
      if (!parsed.success) {
        const collected = collectLabelErrors(parsed.error.issues);
        setRowErrors(collected.rows);
        setLabels.setNotice(collected.set ? { tone: 'error', message: collected.set } : null);
        return null;
      }
      setRowErrors({});
      return { projectId, labels: parsed.data };
    },
    { success: 'Labels saved.', onSuccess: (saved) => setEditable(toEditableLabels(saved)) },
  );

  return (
    <form onSubmit={onSubmit} className="card space-y-4" aria-labelledby="labels-heading" noValidate>
      <h2 id="labels-heading" className="font-semibold">
        Label set
      </h2>
      <p className="text-xs text-slate-600">Renaming keeps existing labels attached; a removed label that was already used is archived, not deleted.</p>
      <FormNotice notice={setLabels.notice} />
      <LabelSetEditor labels={labels} onChange={setEditable} errors={rowErrors} />
      <div className="flex justify-end">
        <button type="submit" className="btn-primary" disabled={setLabels.isPending}>
          {setLabels.isPending ? 'Saving…' : 'Save labels'}
        </button>
      </div>
    </form>
  );
}

'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { Alert } from '@/app/_components/alert';
import { collectLabelErrors, LabelSetEditor, toEditableLabels, type TLabelErrors } from '@/app/_components/label-set-editor';
import { describeError } from '@/app/_lib/error-message';
import { useTRPC } from '@/app/_lib/trpc';
import { ZLabelSet, type TLabel } from '@/server/routers/project.schema';

export function LabelsForm({ projectId, labels: initial }: { projectId: number; labels: TLabel[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const setLabels = useMutation(trpc.project.setLabels.mutationOptions());
  const [labels, setEditable] = useState(() => toEditableLabels(initial));
  const [rowErrors, setRowErrors] = useState<TLabelErrors>({});
  const [status, setStatus] = useState<{ tone: 'error' | 'success'; message: string } | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = ZLabelSet.safeParse(labels.map(({ id, name, hotkey, color }) => ({ id, name, hotkey, color })));
    if (!parsed.success) {
      const collected = collectLabelErrors(parsed.error.issues);
      setRowErrors(collected.rows);
      setStatus(collected.set ? { tone: 'error', message: collected.set } : null);
      return;
    }
    setRowErrors({});
    try {
      const saved = await setLabels.mutateAsync({ projectId, labels: parsed.data });
      setEditable(toEditableLabels(saved));
      setStatus({ tone: 'success', message: 'Labels saved.' });
      router.refresh();
    } catch (caught) {
      setStatus({ tone: 'error', message: describeError(caught) });
    }
  }

  return (
    <form onSubmit={onSubmit} className="card space-y-4" aria-labelledby="labels-heading" noValidate>
      <h2 id="labels-heading" className="font-semibold">
        Label set
      </h2>
      <p className="text-xs text-slate-600">Renaming keeps existing labels attached; a removed label that was already used is archived, not deleted.</p>
      {status ? <Alert tone={status.tone}>{status.message}</Alert> : null}
      <LabelSetEditor labels={labels} onChange={setEditable} errors={rowErrors} />
      <div className="flex justify-end">
        <button type="submit" className="btn-primary" disabled={setLabels.isPending}>
          {setLabels.isPending ? 'Saving…' : 'Save labels'}
        </button>
      </div>
    </form>
  );
}

'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { Alert } from '@/app/_components/alert';
import { FormField } from '@/app/_components/form-field';
import { describeError } from '@/app/_lib/error-message';
import { useTRPC } from '@/app/_lib/trpc';
import type { TProjectSettings } from '@/server/routers/project.schema';

type TProps = { project: { id: number; name: string; instructions: string; settings: TProjectSettings } };

export function GeneralSettingsForm({ project }: TProps) {
  const trpc = useTRPC();
  const router = useRouter();
  const update = useMutation(trpc.project.update.mutationOptions());
  const [status, setStatus] = useState<{ tone: 'error' | 'success'; message: string } | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    try {
      await update.mutateAsync({
        projectId: project.id,
        name: String(form.get('name')),
        instructions: String(form.get('instructions')),
        settings: {
          overlap: Number(form.get('overlap')),
          maxTextBytes: Number(form.get('maxTextBytes')),
          leaseSeconds: Number(form.get('leaseSeconds')),
          showModelSuggestion: form.get('showModelSuggestion') === 'on',
        },
      });
      setStatus({ tone: 'success', message: 'Settings saved.' });
      router.refresh();
    } catch (caught) {
      setStatus({ tone: 'error', message: describeError(caught) });
    }
  }

  return (
    <form onSubmit={onSubmit} className="card space-y-4" aria-labelledby="general-heading" noValidate>
      <h2 id="general-heading" className="font-semibold">
        General
      </h2>
      {status ? <Alert tone={status.tone}>{status.message}</Alert> : null}
      <FormField label="Name" name="name" defaultValue={project.name} required />
      <div>
        <label htmlFor="instructions" className="block text-sm font-medium text-slate-800">
          Instructions for annotators
        </label>
        <textarea id="instructions" name="instructions" className="input mt-1 min-h-28" defaultValue={project.instructions} />
      </div>
      <div className="grid gap-4 sm:grid-cols-3">
        <FormField label="Annotators per item" name="overlap" type="number" min={1} max={10} defaultValue={project.settings.overlap} />
        <FormField label="Max text size (bytes)" name="maxTextBytes" type="number" min={100} defaultValue={project.settings.maxTextBytes} />
        <FormField label="Task reservation (s)" name="leaseSeconds" type="number" min={30} defaultValue={project.settings.leaseSeconds} />
      </div>
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

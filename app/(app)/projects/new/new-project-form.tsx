'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Alert } from '@/app/_components/alert';
import { FormField } from '@/app/_components/form-field';
import { FormNotice } from '@/app/_components/form-notice';
import { collectLabelErrors, LabelSetEditor, toEditableLabels, type TLabelErrors } from '@/app/_components/label-set-editor';
import { useTRPC } from '@/app/_lib/trpc';
import { useFormMutation } from '@/app/_lib/use-form-mutation';
import { buildDefaultLabels, CREATABLE_TASK_TYPES, TASK_TYPE_TEXTS, ZCreateProjectInput, type TCreatableTaskType } from '@/server/routers/project.schema';

function slugify(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);
}

export function NewProjectForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const createProject = useFormMutation(trpc.project.create.mutationOptions());
  const [name, setName] = useState('');
  const [slug, setSlug] = useState('');
  const [isSlugEdited, setIsSlugEdited] = useState(false);
  const [instructions, setInstructions] = useState('');
  const [taskType, setTaskType] = useState<TCreatableTaskType>('text_classification');
  const [labels, setLabels] = useState(() => toEditableLabels(buildDefaultLabels(['', ''])));
  const [fieldErrors, setFieldErrors] = useState<Record<string, string | undefined>>({});
  const [labelErrors, setLabelErrors] = useState<TLabelErrors>({});

  const onSubmit = createProject.handleSubmit(
    () => {
      const input = { name, slug, instructions, taskType, labels: labels.map(({ name: labelName, hotkey, color }) => ({ name: labelName, hotkey, color })) };
      const parsed = ZCreateProjectInput.safeParse(input);
      if (!parsed.success) {
        const topLevel: Record<string, string | undefined> = {};
        for (const issue of parsed.error.issues) if (issue.path[0] !== 'labels') topLevel[String(issue.path[0])] ??= issue.message;
        const collected = collectLabelErrors(parsed.error.issues.filter((issue) => issue.path[0] === 'labels').map((issue) => ({ ...issue, path: issue.path.slice(1) })));
        setFieldErrors({ ...topLevel, labels: collected.set ?? undefined });
        setLabelErrors(collected.rows);
        return null;
      }
      setFieldErrors({});
      setLabelErrors({});
      // Settings are left to the server: it picks the defaults that fit the task type (an image project's model reads pixels).
      const { name: parsedName, slug: parsedSlug, instructions: parsedInstructions, taskType: parsedTaskType, labels: parsedLabels } = parsed.data;
      return { name: parsedName, slug: parsedSlug, instructions: parsedInstructions, taskType: parsedTaskType, labels: parsedLabels };
    },
    {
      onSuccess: (project) => {
        router.push(`/projects/${project.slug}`);
        router.refresh();
      },
    },
  );

  return (
    <form onSubmit={onSubmit} className="card max-w-3xl space-y-5" noValidate>
      <FormNotice notice={createProject.notice} />
      <FormField
        label="Name"
        name="name"
        value={name}
        required
        error={fieldErrors.name}
        onChange={(event) => {
          setName(event.target.value);
          if (!isSlugEdited) setSlug(slugify(event.target.value));
        }}
      />
      <FormField
        label="Address"
        name="slug"
        value={slug}
        required
        hint={`/projects/${slug || '…'}`}
        error={fieldErrors.slug}
        onChange={(event) => {
          setIsSlugEdited(true);
          setSlug(event.target.value);
        }}
      />
      <fieldset>
        <legend className="block text-sm font-medium text-slate-800">What is labeled</legend>
        <div className="mt-1 grid gap-2 sm:grid-cols-2">
          {CREATABLE_TASK_TYPES.map((type) => (
            <label key={type} className="flex cursor-pointer gap-2 rounded-md border border-slate-200 p-3 has-[:checked]:border-slate-900">
              <input type="radio" name="taskType" value={type} checked={taskType === type} onChange={() => setTaskType(type)} className="mt-1" />
              <span>
                <span className="block text-sm font-medium text-slate-900">{TASK_TYPE_TEXTS[type].name}</span>
                <span className="block text-xs text-slate-600">{TASK_TYPE_TEXTS[type].description}</span>
              </span>
            </label>
          ))}
        </div>
        {fieldErrors.taskType ? <p className="mt-1 text-sm text-red-700">{fieldErrors.taskType}</p> : null}
      </fieldset>
      <div>
        <label htmlFor="instructions" className="block text-sm font-medium text-slate-800">
          Instructions for annotators
        </label>
        <textarea id="instructions" className="input mt-1 min-h-28" value={instructions} onChange={(event) => setInstructions(event.target.value)} />
      </div>
      <LabelSetEditor labels={labels} onChange={setLabels} errors={labelErrors} />
      {fieldErrors.labels ? <Alert tone="error">{fieldErrors.labels}</Alert> : null}
      <div className="flex justify-end">
        <button type="submit" className="btn-primary" disabled={createProject.isPending}>
          {createProject.isPending ? 'Creating…' : 'Create project'}
        </button>
      </div>
    </form>
  );
}

'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { FormField } from '@/app/_components/form-field';
import { FormNotice } from '@/app/_components/form-notice';
import { useTRPC } from '@/app/_lib/trpc';
import { useFormMutation } from '@/app/_lib/use-form-mutation';
import type { TCertificateList } from './certificate-types';
import { FORM_TEXT } from './format-certificate';

type TForm = 'error' | 'per_label' | 'budget';

/** States the risk a data scientist accepts and certifies a model version's threshold for it. */
export function CertifyForm({ projectId, base, versions, labels }: { projectId: number; base: string; versions: TCertificateList['versions']; labels: readonly string[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const certify = useFormMutation(trpc.certificates.certify.mutationOptions());
  const [form, setForm] = useState<TForm>('error');
  const onSubmit = certify.handleSubmit(
    (data) => {
      const labelTargets = form === 'per_label' ? Object.fromEntries(labels.flatMap((label) => (String(data.get(`target:${label}`) ?? '').trim() === '' ? [] : [[label, Number(data.get(`target:${label}`)) / 100]]))) : undefined;
      return {
        projectId,
        versionId: Number(data.get('versionId')),
        form,
        // Per label, α on record is the loosest label's (1 − its minimum precision).
        alpha: labelTargets ? Math.max(...Object.values(labelTargets).map((precision) => 1 - precision)) : Number(data.get('alpha')) / 100,
        delta: Number(data.get('delta')) / 100,
        gridStep: Number(data.get('gridStep')),
        labelTargets,
      };
    },
    { success: 'Certified. Read it, then approve it to put it in force.', onSuccess: (certificate) => router.push(`${base}?certificate=${certificate.id}`) },
  );
  if (versions.length === 0) {
    return (
      <section className="card text-sm text-slate-700" aria-labelledby="certify-heading">
        <h2 id="certify-heading" className="font-semibold text-slate-900">
          Certify a threshold
        </h2>
        <p className="mt-2">No trained model version yet: train one on the Models page first.</p>
      </section>
    );
  }
  return (
    <form onSubmit={onSubmit} className="card space-y-4" aria-labelledby="certify-heading" noValidate>
      <h2 id="certify-heading" className="font-semibold">
        Certify a threshold
      </h2>
      <FormNotice notice={certify.notice} />
      <div>
        <label htmlFor="certify-version" className="block text-sm font-medium text-slate-800">
          Model version
        </label>
        <select id="certify-version" name="versionId" className="input mt-1" defaultValue={versions.find((v) => v.isCurrent)?.id ?? versions[0]!.id}>
          {versions.map((v) => (
            <option key={v.id} value={v.id}>
              Version {v.version}
              {v.isCurrent ? ' (current)' : ''}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="certify-form" className="block text-sm font-medium text-slate-800">
          The risk you accept
        </label>
        <select id="certify-form" name="form" className="input mt-1" value={form} onChange={(event) => setForm(event.target.value as TForm)}>
          {(['error', 'per_label', 'budget'] as const).map((value) => (
            <option key={value} value={value}>
              {FORM_TEXT[value]}
            </option>
          ))}
        </select>
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        {form !== 'per_label' ? (
          <FormField
            label="α: accepted error (%)"
            name="alpha"
            type="number"
            step={0.01}
            min={0.01}
            max={50}
            defaultValue={5}
            required
            hint={form === 'budget' ? 'Share of all cases that are automatic and wrong.' : 'Of the automatic decisions.'}
          />
        ) : null}
        <FormField label="δ: chance the guarantee fails (%)" name="delta" type="number" step={0.01} min={0.01} max={50} defaultValue={5} required hint="Confidence is 1 − δ." />
        <FormField label="Grid step" name="gridStep" type="number" step={0.0001} min={0.0001} max={0.1} defaultValue={0.001} required hint="Thresholds 1, 1 − step, … 0, fixed in advance." />
      </div>
      {form === 'per_label' ? (
        <fieldset className="grid gap-3 sm:grid-cols-2">
          <legend className="mb-1 text-sm font-medium text-slate-800">Minimum precision per label (%); empty: that label always goes to people</legend>
          {labels.map((label) => (
            <FormField key={label} label={label} name={`target:${label}`} type="number" step={0.1} min={50} max={99.99} />
          ))}
        </fieldset>
      ) : null}
      <button type="submit" className="btn-primary" disabled={certify.isPending}>
        {certify.isPending ? 'Certifying…' : 'Certify'}
      </button>
    </form>
  );
}

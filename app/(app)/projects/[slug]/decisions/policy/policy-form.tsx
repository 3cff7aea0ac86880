'use client';

import { FormField } from '@/app/_components/form-field';
import { FormNotice } from '@/app/_components/form-notice';
import { findInvalidField } from '@/app/_lib/form-validity';
import { asPercent, shareFromPercent } from '@/app/_lib/percent';
import type { RouterOutputs } from '@/app/_lib/router-types';
import { useTRPC } from '@/app/_lib/trpc';
import { useFormMutation } from '@/app/_lib/use-form-mutation';
import { DEADLINE_ACTIONS, DECISION_MODES } from '@/server/routers/decisions.schema';

type TPolicy = RouterOutputs['decisions']['policy'];

const MODE_TEXT: Record<(typeof DECISION_MODES)[number], string> = {
  human_in_the_loop: 'Human in the loop: the model decides above the threshold, people the rest',
  human_on_the_loop: 'Human on the loop: the model decides everything, people audit a share',
  human_only: 'Human only: people decide every case (approval queue)',
};

const DEADLINE_TEXT: Record<(typeof DEADLINE_ACTIONS)[number], string> = {
  reject: 'Reject the case (deny on timeout)',
  escalate: 'Escalate to a second reviewer',
  model: 'Let the model decide if it clears the deadline threshold, else reject',
  pending: 'Keep it pending for a person',
};

/** "key=value" per line; true/false and numbers are matched as such, anything else as text. */
function parseMetadataRules(text: string): TPolicy['escalateMetadata'] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const at = line.indexOf('=');
      const key = (at === -1 ? line : line.slice(0, at)).trim();
      const raw = at === -1 ? '' : line.slice(at + 1).trim();
      const equals = raw === 'true' ? true : raw === 'false' ? false : raw !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
      return { key, equals };
    });
}

const formatMetadataRules = (rules: TPolicy['escalateMetadata']) => rules.map((rule) => `${rule.key}=${String(rule.equals)}`).join('\n');

const optionalShare = (value: FormDataEntryValue | null, current: number | null) => (String(value ?? '').trim() === '' ? null : shareFromPercent(value, current ?? -1));

/** The decision policy of a project: who decides, when the model may, what always goes to people, deadlines. */
export function PolicyForm({ projectId, policy, labels }: { projectId: number; policy: TPolicy; labels: readonly string[] }) {
  const trpc = useTRPC();
  const update = useFormMutation(trpc.decisions.updatePolicy.mutationOptions(), { invalidates: 'page' });
  const onSubmit = update.handleSubmit(
    (form) => ({
      projectId,
      policy: {
        mode: String(form.get('mode')) as TPolicy['mode'],
        auditShare: shareFromPercent(form.get('auditShare'), policy.auditShare),
        failClosed: form.get('failClosed') === 'on',
        blindShare: shareFromPercent(form.get('blindShare'), policy.blindShare),
        goldShare: shareFromPercent(form.get('goldShare'), policy.goldShare),
        escalateLabels: form.getAll('escalateLabels').map(String),
        escalateMetadata: parseMetadataRules(String(form.get('escalateMetadata') ?? '')),
        escalatePayloadBytes: String(form.get('escalatePayloadBytes') ?? '').trim() === '' ? null : Number(form.get('escalatePayloadBytes')),
        highStakesLabels: form.getAll('highStakesLabels').map(String),
        highStakesApprovals: Number(form.get('highStakesApprovals')),
        blindReview: form.get('blindReview') === 'on',
        deadlineAction: String(form.get('deadlineAction')) as TPolicy['deadlineAction'],
        deadlineThreshold: optionalShare(form.get('deadlineThreshold'), policy.deadlineThreshold),
      },
    }),
    { validate: findInvalidField, success: 'Policy saved.' },
  );

  return (
    <form onSubmit={onSubmit} className="card space-y-4" aria-labelledby="policy-heading" noValidate>
      <h2 id="policy-heading" className="font-semibold">
        Decision policy
      </h2>
      <FormNotice notice={update.notice} />
      <div>
        <label htmlFor="policy-mode" className="block text-sm font-medium text-slate-800">
          Who decides
        </label>
        <select id="policy-mode" name="mode" className="input mt-1" defaultValue={policy.mode}>
          {DECISION_MODES.map((mode) => (
            <option key={mode} value={mode}>
              {MODE_TEXT[mode]}
            </option>
          ))}
        </select>
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField
          label="Sampled share of cases (%)"
          name="auditShare"
          type="number"
          step={0.1}
          min={0}
          max={100}
          defaultValue={asPercent(policy.auditShare)}
          hint="Drawn at random before routing: automatic ones are audited, the rest calibrate the next certified threshold."
        />
        <label className="flex items-center gap-2 self-end text-sm">
          <input type="checkbox" name="failClosed" defaultChecked={policy.failClosed} className="size-4" />
          Fail closed: when audits show the error above the accepted risk, send every case to people
        </label>
      </div>
      <p className="text-sm text-slate-600">The model decides alone only above a certified threshold that a data scientist or manager approved (Thresholds page).</p>
      <fieldset className="space-y-3">
        <legend className="text-sm font-medium text-slate-800">Always to people</legend>
        <LabelChecks name="escalateLabels" legend="When the model answers one of these labels" labels={labels} checked={policy.escalateLabels} />
        <div>
          <label htmlFor="policy-metadata" className="block text-sm text-slate-800">
            When the metadata matches (one <code>key=value</code> per line)
          </label>
          <textarea id="policy-metadata" name="escalateMetadata" className="input mt-1 min-h-16 font-mono text-xs" defaultValue={formatMetadataRules(policy.escalateMetadata)} />
        </div>
        <FormField
          label="When the payload is larger than (bytes)"
          name="escalatePayloadBytes"
          type="number"
          min={0}
          step={1}
          defaultValue={policy.escalatePayloadBytes ?? ''}
          hint="Empty: no limit."
        />
      </fieldset>
      <fieldset className="space-y-3">
        <legend className="text-sm font-medium text-slate-800">Reviewers</legend>
        <LabelChecks name="highStakesLabels" legend="High-stakes labels: several reviewers must agree" labels={labels} checked={policy.highStakesLabels} />
        <FormField label="Reviewers who must agree on a high-stakes label" name="highStakesApprovals" type="number" min={2} max={10} step={1} defaultValue={policy.highStakesApprovals} />
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="blindReview" defaultChecked={policy.blindReview} className="size-4" />
          Blind review: hide the model’s suggestion from reviewers
        </label>
        <div className="grid gap-4 sm:grid-cols-2">
          <FormField label="Blind share of cases (%)" name="blindShare" type="number" step={1} min={0} max={100} defaultValue={asPercent(policy.blindShare)} hint="Their suggestion is hidden: compares overrides with and without it." />
          <FormField label="Hidden gold checks in the queue (%)" name="goldShare" type="number" step={1} min={0} max={50} defaultValue={asPercent(policy.goldShare)} hint="Cases with a known answer, shown like any other." />
        </div>
      </fieldset>
      <fieldset className="grid gap-4 sm:grid-cols-2">
        <legend className="mb-2 text-sm font-medium text-slate-800">Deadlines</legend>
        <div>
          <label htmlFor="policy-deadline" className="block text-sm font-medium text-slate-800">
            When a case’s deadline passes
          </label>
          <select id="policy-deadline" name="deadlineAction" className="input mt-1" defaultValue={policy.deadlineAction}>
            {DEADLINE_ACTIONS.map((action) => (
              <option key={action} value={action}>
                {DEADLINE_TEXT[action]}
              </option>
            ))}
          </select>
        </div>
        <FormField
          label="Deadline threshold (% confidence)"
          name="deadlineThreshold"
          type="number"
          step={0.1}
          min={0.1}
          max={100}
          defaultValue={policy.deadlineThreshold === null ? '' : asPercent(policy.deadlineThreshold)}
          hint="For “let the model decide”: the looser bound it must clear."
        />
      </fieldset>
      <div className="flex justify-end">
        <button type="submit" className="btn-primary" disabled={update.isPending}>
          {update.isPending ? 'Saving…' : 'Save policy'}
        </button>
      </div>
    </form>
  );
}

function LabelChecks({ name, legend, labels, checked }: { name: string; legend: string; labels: readonly string[]; checked: readonly string[] }) {
  return (
    <fieldset>
      <legend className="text-sm text-slate-800">{legend}</legend>
      <div className="mt-1 flex flex-wrap gap-3">
        {labels.map((label) => (
          <label key={label} className="flex items-center gap-1.5 text-sm">
            <input type="checkbox" name={name} value={label} defaultChecked={checked.includes(label)} className="size-4" />
            {label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

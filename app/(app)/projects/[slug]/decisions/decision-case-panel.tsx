'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useEffect, useRef, useState, type RefObject } from 'react';
import { Alert } from '@/app/_components/alert';
import { FormNotice } from '@/app/_components/form-notice';
import { ItemMetadata } from '@/app/_components/item-metadata';
import { VisibleText } from '@/app/_components/visible-text';
import { describeError } from '@/app/_lib/error-message';
import type { RouterInputs, RouterOutputs } from '@/app/_lib/router-types';
import { useTRPC } from '@/app/_lib/trpc';
import { useFormMutation } from '@/app/_lib/use-form-mutation';
import { MAX_DECISION_REASON_LENGTH } from '@/server/routers/decisions.schema';
import { isTypingTarget } from '../label/keyboard';
import { resolveDecisionKey } from './decision-keyboard';
import { describeDeadline } from './format-deadline';

type TCase = RouterOutputs['decisions']['case'];
type TAnswerInput = RouterInputs['decisions']['answer'];
type TAnswerKind = TAnswerInput['answer'];

const OUTCOME_TEXT: Record<RouterOutputs['decisions']['answer']['outcome'], string> = {
  recorded: 'Answer recorded: the case waits for more reviewers to agree.',
  decided: 'Decided.',
  rejected: 'Rejected.',
  escalated: 'Escalated to a second reviewer.',
  audited: 'Audit recorded; the automatic decision stands.',
};

const percent = (probability: number) => `${Math.round(probability * 100)}%`;

/**
 * One case as a reviewer answers it: the text (as text), the payload as formatted JSON (editable in
 * approval queues), why people see it, the suggestion unless blind review hides it, and the answers.
 * Keys: a approves, o goes to the label, r and e to the reason.
 */
export function DecisionCasePanel({
  projectId,
  slug,
  decisionId,
  labels,
  onAnswered,
  isKeyboardPaused,
}: {
  projectId: number;
  slug: string;
  decisionId: string;
  labels: readonly string[];
  /** The panel goes away with its case, so the workspace shows what the answer did. */
  onAnswered: (decisionId: string, outcome: string) => void;
  isKeyboardPaused: boolean;
}) {
  const trpc = useTRPC();
  const view = useQuery(trpc.decisions.case.queryOptions({ projectId, decisionId }));
  const answer = useFormMutation(trpc.decisions.answer.mutationOptions(), {
    invalidates: [trpc.decisions.queue.queryKey({ projectId }), trpc.decisions.case.queryKey({ projectId, decisionId })],
  });
  const [label, setLabel] = useState('');
  const [reason, setReason] = useState('');
  const [editedPayload, setEditedPayload] = useState<string | null>(null);
  const labelSelect = useRef<HTMLSelectElement>(null);
  const reasonBox = useRef<HTMLTextAreaElement>(null);
  const data = view.data;

  function send(kind: TAnswerKind) {
    if (!data || answer.isPending) return;
    let payload: TAnswerInput['editedPayload'];
    if (editedPayload !== null && kind === 'approve') {
      try {
        payload = JSON.parse(editedPayload) as TAnswerInput['editedPayload'];
      } catch {
        answer.setNotice({ tone: 'error', message: 'The edited payload is not valid JSON' });
        return;
      }
    }
    const input = {
      projectId,
      decisionId,
      inputHash: data.inputHash,
      answer: kind,
      label: label || null,
      reason: reason.trim() || null,
      ...(payload === undefined ? {} : { editedPayload: payload }),
    };
    void answer.submit(input, { onSuccess: (result) => onAnswered(decisionId, OUTCOME_TEXT[result.outcome]) });
  }

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (isKeyboardPaused || isTypingTarget(event.target) || !data?.canAnswer) return;
      const action = resolveDecisionKey(event);
      if (action.kind === 'approve') {
        event.preventDefault();
        send('approve');
      } else if (action.kind === 'override') {
        event.preventDefault();
        labelSelect.current?.focus();
      } else if ((action.kind === 'reject' || action.kind === 'escalate') && !data.isAudit) {
        event.preventDefault();
        reasonBox.current?.focus();
      }
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  });

  if (view.error) return <Alert tone="error">{describeError(view.error)}</Alert>;
  if (!data) return <p className="card text-sm text-slate-600">Loading the case…</p>;

  return (
    <article className="card space-y-4" aria-labelledby="decision-case-heading">
      <header className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="decision-case-heading" className="font-semibold">
          {data.isAudit ? 'Audit of an automatic decision' : data.escalationLevel > 0 ? `Escalated case (level ${data.escalationLevel})` : 'Case'}
        </h2>
        <Link href={`/projects/${slug}/decisions/${encodeURIComponent(data.id)}`} className="link text-sm">
          Open the record
        </Link>
      </header>
      <CaseFacts data={data} />
      <section aria-labelledby="decision-text-heading" className="space-y-2">
        <h3 id="decision-text-heading" className="text-sm font-medium text-slate-800">
          Text
        </h3>
        <div
          className="max-h-72 overflow-y-auto whitespace-pre-wrap break-words rounded-md border border-slate-200 bg-slate-50 p-3 text-sm"
          data-testid="decision-text"
          // A long text scrolls: focusable so keyboard users can scroll it too.
          tabIndex={0}
          role="region"
          aria-labelledby="decision-text-heading"
        >
          <VisibleText text={data.text} />
        </div>
      </section>
      {data.payloadJson !== null ? (
        <section aria-labelledby="decision-payload-heading" className="space-y-2">
          <div className="flex items-baseline justify-between gap-2">
            <h3 id="decision-payload-heading" className="text-sm font-medium text-slate-800">
              Payload{data.isApprovalQueue ? ' (the proposed action)' : ''}
            </h3>
            {data.isApprovalQueue && data.canAnswer ? (
              <button type="button" className="link text-sm" onClick={() => setEditedPayload(editedPayload === null ? data.payloadJson : null)}>
                {editedPayload === null ? 'Edit before approving' : 'Discard the edit'}
              </button>
            ) : null}
          </div>
          {editedPayload === null ? (
            <pre className="max-h-72 overflow-auto rounded-md border border-slate-200 bg-slate-50 p-3 font-mono text-xs" data-testid="decision-payload" tabIndex={0} aria-labelledby="decision-payload-heading">
              <VisibleText text={data.payloadJson} />
            </pre>
          ) : (
            <label className="block text-sm">
              <span className="sr-only">Edited payload (JSON)</span>
              <textarea className="input min-h-48 font-mono text-xs" value={editedPayload} onChange={(event) => setEditedPayload(event.target.value)} spellCheck={false} />
              <span className="mt-1 block text-xs text-slate-600">Approving stores this payload and its hash as what was approved.</span>
            </label>
          )}
        </section>
      ) : null}
      <ItemMetadata metadata={data.metadata} />
      {data.earlierAnswers.length > 0 ? (
        <section aria-labelledby="decision-earlier-heading">
          <h3 id="decision-earlier-heading" className="text-sm font-medium text-slate-800">
            Earlier answers
          </h3>
          <ul className="mt-1 space-y-1 text-sm">
            {data.earlierAnswers.map((earlier, index) => (
              <li key={index}>
                <VisibleText text={earlier.reviewerName} />: {earlier.answer}
                {earlier.label ? <> “<VisibleText text={earlier.label} />”</> : null}
                {earlier.reason ? (
                  <>
                    {' — '}
                    <VisibleText text={earlier.reason} />
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <FormNotice notice={answer.notice} />
      {data.canAnswer ? (
        <AnswerControls
          data={data}
          labels={labels}
          label={label}
          reason={reason}
          onLabel={setLabel}
          onReason={setReason}
          onSend={send}
          isPending={answer.isPending}
          labelSelect={labelSelect}
          reasonBox={reasonBox}
        />
      ) : (
        <p className="text-sm text-slate-700">You have answered this case (or it is no longer open); other reviewers decide it now.</p>
      )}
    </article>
  );
}

function CaseFacts({ data }: { data: TCase }) {
  return (
    <dl className="grid gap-x-4 gap-y-2 text-sm sm:grid-cols-2">
      <div>
        <dt className="font-medium text-slate-700">{data.isAudit ? 'The model decided' : 'Model’s suggestion'}</dt>
        <dd data-testid="decision-suggestion">
          {data.isBlind ? (
            'Hidden: blind review'
          ) : data.isAudit && data.automaticLabel !== null ? (
            <>
              <VisibleText text={data.automaticLabel} />
              {data.suggestion ? ` (confidence ${percent(data.suggestion.probability)})` : ''}
            </>
          ) : data.suggestion ? (
            <>
              <VisibleText text={data.suggestion.label} /> (confidence {percent(data.suggestion.probability)})
            </>
          ) : (
            'None'
          )}
        </dd>
      </div>
      <div>
        <dt className="font-medium text-slate-700">Why people see it</dt>
        <dd>{data.isAudit ? 'A random audit of the model’s decisions' : data.routeReasonText}</dd>
      </div>
      <div>
        <dt className="font-medium text-slate-700">Deadline</dt>
        <dd className={data.isBreached ? 'font-semibold text-red-800' : undefined}>
          {data.isBreached ? <span aria-hidden="true">⚠ </span> : null}
          {describeDeadline(data.deadline)}
          {data.deadline ? <span className="text-slate-600"> ({data.deadline.toLocaleString()})</span> : null}
        </dd>
      </div>
      {!data.isAudit ? (
        <div>
          <dt className="font-medium text-slate-700">Approvals</dt>
          <dd data-testid="decision-approvals">
            {data.approvals} of {data.requiredApprovals}
          </dd>
        </div>
      ) : null}
    </dl>
  );
}

function AnswerControls({
  data,
  labels,
  label,
  reason,
  onLabel,
  onReason,
  onSend,
  isPending,
  labelSelect,
  reasonBox,
}: {
  data: TCase;
  labels: readonly string[];
  label: string;
  reason: string;
  onLabel: (label: string) => void;
  onReason: (reason: string) => void;
  onSend: (kind: TAnswerKind) => void;
  isPending: boolean;
  labelSelect: RefObject<HTMLSelectElement | null>;
  reasonBox: RefObject<HTMLTextAreaElement | null>;
}) {
  // Blind review (or no suggestion): the reviewer decides with a label of their own, no reason needed.
  const decidesOwnLabel = data.isBlind || (data.suggestion === null && !data.isApprovalQueue);
  const approveText = data.isAudit ? 'Agree with the model' : decidesOwnLabel ? 'Decide with the chosen label' : data.isApprovalQueue ? 'Approve' : 'Approve the suggestion';
  return (
    <form className="space-y-3 border-t border-slate-200 pt-4" onSubmit={(event) => event.preventDefault()} aria-label="Your answer">
      <div className="grid gap-3 sm:grid-cols-2">
        <label className="block text-sm font-medium text-slate-800">
          Label {decidesOwnLabel ? '(your decision)' : data.isApprovalQueue && data.suggestion === null ? '(optional)' : '(to override)'}
          <select ref={labelSelect} className="input mt-1" value={label} onChange={(event) => onLabel(event.target.value)} data-testid="decision-label">
            <option value="">Choose a label…</option>
            {labels.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label className="block text-sm font-medium text-slate-800 sm:row-span-2">
          Reason {decidesOwnLabel ? '(optional)' : '(required to override, reject or escalate)'}
          <textarea
            ref={reasonBox}
            className="input mt-1 min-h-20"
            value={reason}
            maxLength={MAX_DECISION_REASON_LENGTH}
            onChange={(event) => onReason(event.target.value)}
            data-testid="decision-reason"
          />
        </label>
      </div>
      <div className="flex flex-wrap gap-2">
        <button type="button" className="btn-primary" disabled={isPending || (decidesOwnLabel && !label && !data.isApprovalQueue)} onClick={() => onSend('approve')} aria-keyshortcuts="a">
          {approveText} <kbd className="font-mono text-xs">a</kbd>
        </button>
        {!decidesOwnLabel ? (
          <button type="button" className="btn-secondary" disabled={isPending || !label} onClick={() => onSend('override')} aria-keyshortcuts="o">
            Override <kbd className="font-mono text-xs">o</kbd>
          </button>
        ) : null}
        {!data.isAudit ? (
          <>
            <button type="button" className="btn-danger" disabled={isPending} onClick={() => onSend('reject')} aria-keyshortcuts="r">
              Reject <kbd className="font-mono text-xs">r</kbd>
            </button>
            <button type="button" className="btn-secondary" disabled={isPending} onClick={() => onSend('escalate')} aria-keyshortcuts="e">
              Escalate <kbd className="font-mono text-xs">e</kbd>
            </button>
          </>
        ) : null}
      </div>
    </form>
  );
}

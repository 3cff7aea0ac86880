'use client';

import { DataTable } from '@/app/_components/data-table';
import { FormNotice } from '@/app/_components/form-notice';
import { VisibleText } from '@/app/_components/visible-text';
import type { RouterOutputs } from '@/app/_lib/router-types';
import { useTRPC } from '@/app/_lib/trpc';
import { useFormMutation } from '@/app/_lib/use-form-mutation';

type TDelivery = RouterOutputs['decisionRecord']['get']['deliveries'][number];
type TAttempt = TDelivery['attemptLog'][number];

const timeFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' });
const formatTime = (iso: string | null) => (iso ? `${timeFormat.format(new Date(iso))} UTC` : '—');

const STATUS_TEXT: Record<TDelivery['status'], string> = { pending: 'retrying', delivered: 'delivered', failed: 'failed (no more retries)' };

/** One webhook delivery: where it went, how it stands, every attempt (newest first), and a re-send for managers once it is settled. */
export function DeliveryAttempts({ projectId, delivery, canResend }: { projectId: number; delivery: TDelivery; canResend: boolean }) {
  const trpc = useTRPC();
  const resend = useFormMutation(trpc.decisionRecord.resend.mutationOptions(), { invalidates: 'page' });
  const headingId = `delivery-${delivery.id}`;
  return (
    <div className="mt-4 border-t border-slate-200 pt-3" aria-labelledby={headingId}>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0 text-sm">
          <h3 id={headingId} className="font-medium">
            {delivery.eventType} · {STATUS_TEXT[delivery.status]}
          </h3>
          <p className="break-all text-slate-700">
            to <VisibleText text={delivery.url} />
          </p>
          <p className="text-xs text-slate-600">
            message id <span className="font-mono">{delivery.messageId}</span> · {delivery.attempts} attempt{delivery.attempts === 1 ? '' : 's'}
            {delivery.deliveredAt ? ` · delivered ${formatTime(delivery.deliveredAt)}` : ''}
            {delivery.nextAttemptAt ? ` · next attempt ${formatTime(delivery.nextAttemptAt)}` : ''}
          </p>
        </div>
        {canResend && delivery.status !== 'pending' ? (
          <button
            type="button"
            className="btn-secondary"
            disabled={resend.isPending}
            onClick={() =>
              void resend.submit(
                { projectId, deliveryId: delivery.id },
                { success: (result) => (result.error ? `Re-sent; the receiver did not accept it: ${result.error}` : `Re-sent; the receiver answered ${result.statusCode}.`) },
              )
            }
          >
            {resend.isPending ? 'Re-sending…' : 'Re-send'}
          </button>
        ) : null}
      </div>
      <div className="mt-2">
        <FormNotice notice={resend.notice} />
      </div>
      <DataTable<TAttempt>
        caption={`Attempts of ${delivery.messageId}`}
        rows={delivery.attemptLog}
        rowKey={(attempt) => String(attempt.id)}
        emptyText="Not attempted yet."
        columns={[
          { header: 'When', cell: (attempt) => formatTime(attempt.attemptedAt), className: 'whitespace-nowrap tabular-nums' },
          { header: 'Answer', cell: (attempt) => (attempt.statusCode === null ? 'none' : String(attempt.statusCode)), align: 'right' },
          { header: 'Took', cell: (attempt) => `${attempt.durationMs} ms`, align: 'right', className: 'tabular-nums' },
          { header: 'Error', cell: (attempt) => (attempt.error ? <VisibleText text={attempt.error} /> : '—') },
          { header: 'Asked by', cell: (attempt) => (attempt.requestedByName ? <VisibleText text={attempt.requestedByName} /> : 'automatic') },
        ]}
      />
    </div>
  );
}

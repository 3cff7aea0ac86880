'use client';

import { useState } from 'react';
import { FormField } from '@/app/_components/form-field';
import { FormNotice } from '@/app/_components/form-notice';
import type { RouterOutputs } from '@/app/_lib/router-types';
import { useTRPC } from '@/app/_lib/trpc';
import { useFormMutation } from '@/app/_lib/use-form-mutation';
import { useMutation } from '@tanstack/react-query';
import { ShownOnceSecret } from './shown-once-secret';

type TWebhook = RouterOutputs['decisionRecord']['settings']['webhook'];

/** The default receiver (a case's own callbackUrl wins) and the signing secret, shown in full only when made. */
export function WebhookSettingsForm({ projectId, webhook }: { projectId: number; webhook: TWebhook }) {
  const trpc = useTRPC();
  const [secret, setSecret] = useState<string | null>(null);
  const save = useFormMutation(trpc.decisionRecord.setWebhookUrl.mutationOptions(), { invalidates: 'page' });
  const rotate = useMutation(trpc.decisionRecord.rotateSecret.mutationOptions());
  const onSubmit = save.handleSubmit(
    (form) => {
      const url = String(form.get('url') ?? '').trim();
      return { projectId, url: url === '' ? null : url };
    },
    {
      success: (result) => (result.secret ? 'Saved, and a signing secret was made: copy it now.' : 'Saved.'),
      onSuccess: (result) => result.secret && setSecret(result.secret),
    },
  );
  const onRotate = () => {
    if (!window.confirm('Make a new signing secret? Receivers must switch to it: messages from now on are signed with the new one.')) return;
    void save.run(() => rotate.mutateAsync({ projectId }), { success: 'New signing secret made: copy it now.', onSuccess: (result) => setSecret(result.secret) });
  };
  return (
    <section className="card space-y-4" aria-labelledby="webhook-heading">
      <h2 id="webhook-heading" className="font-semibold">
        Webhooks
      </h2>
      <p className="text-sm text-slate-700">
        When people decide a case (or its deadline passes), Quorum POSTs it to the case&apos;s own callback URL or else to this one, signed per Standard Webhooks (headers
        webhook-id, webhook-timestamp, webhook-signature), retrying for a day.
      </p>
      <FormNotice notice={save.notice} />
      {secret ? <ShownOnceSecret secret={secret} onDone={() => setSecret(null)} /> : null}
      <form onSubmit={onSubmit} className="space-y-3" noValidate>
        <FormField label="Receiver URL" name="url" type="url" maxLength={2000} placeholder="https://example.com/quorum-webhooks" defaultValue={webhook.url ?? ''} hint="Leave empty to send only to the callback URLs cases bring." />
        <div className="flex flex-wrap justify-end gap-2">
          {webhook.hasSecret ? (
            <button type="button" className="btn-secondary" onClick={onRotate} disabled={rotate.isPending}>
              {rotate.isPending ? 'Rotating…' : 'Rotate signing secret'}
            </button>
          ) : null}
          <button type="submit" className="btn-primary" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : 'Save receiver'}
          </button>
        </div>
      </form>
      <p className="text-xs text-slate-600">{webhook.hasSecret ? 'A signing secret is set; it is stored encrypted and cannot be shown again.' : 'No signing secret yet: saving a receiver makes one.'}</p>
    </section>
  );
}

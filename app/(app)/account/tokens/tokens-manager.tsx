'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Alert } from '@/app/_components/alert';
import { FormNotice } from '@/app/_components/form-notice';
import type { RouterOutputs } from '@/app/_lib/router-types';
import { useTRPC } from '@/app/_lib/trpc';
import { useFormMutation } from '@/app/_lib/use-form-mutation';

type TToken = RouterOutputs['me']['tokens'][number];

const dateFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium' });

export function TokensManager({ tokens, projects }: { tokens: TToken[]; projects: { id: number; name: string }[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const createToken = useFormMutation(trpc.me.createToken.mutationOptions(), { invalidates: 'page' });
  const revokeToken = useMutation(trpc.me.revokeToken.mutationOptions());
  const [created, setCreated] = useState<string | null>(null);

  const onSubmit = createToken.handleSubmit(
    (form) => {
      const expires = Number(form.get('expiresInDays'));
      return { projectId: Number(form.get('projectId')), name: String(form.get('name')), expiresInDays: expires > 0 ? expires : null };
    },
    { resetsForm: true, onSuccess: (result) => setCreated(result.token) },
  );

  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <form onSubmit={onSubmit} className="card space-y-4" aria-labelledby="new-token-heading" noValidate>
        <h2 id="new-token-heading" className="font-semibold">
          New token
        </h2>
        <FormNotice notice={createToken.notice} />
        {created ? (
          <Alert tone="success">
            Copy it now; it will not be shown again:
            <input readOnly value={created} className="input mt-2 font-mono text-xs" aria-label="New API token" onFocus={(event) => event.currentTarget.select()} />
          </Alert>
        ) : null}
        {projects.length === 0 ? (
          <p className="text-sm text-slate-700">Tokens belong to a project; you are not a member of any yet.</p>
        ) : (
          <>
            <label className="block text-sm font-medium text-slate-800">
              Name
              <input name="name" required maxLength={80} className="input mt-1" placeholder="e.g. import script" />
            </label>
            <label className="block text-sm font-medium text-slate-800">
              Project
              <select name="projectId" className="input mt-1">
                {projects.map((project) => (
                  <option key={project.id} value={project.id}>
                    {project.name}
                  </option>
                ))}
              </select>
            </label>
            <label className="block text-sm font-medium text-slate-800">
              Expires after
              <select name="expiresInDays" className="input mt-1" defaultValue="90">
                <option value="30">30 days</option>
                <option value="90">90 days</option>
                <option value="365">1 year</option>
                <option value="0">Never</option>
              </select>
            </label>
            <div className="flex justify-end">
              <button type="submit" className="btn-primary" disabled={createToken.isPending}>
                Create token
              </button>
            </div>
          </>
        )}
      </form>
      <section className="card" aria-labelledby="tokens-heading">
        <h2 id="tokens-heading" className="font-semibold">
          Your tokens
        </h2>
        {tokens.length === 0 ? <p className="mt-2 text-sm text-slate-600">None yet.</p> : null}
        <ul className="mt-3 divide-y divide-slate-100 text-sm" aria-label="API tokens">
          {tokens.map((token) => (
            <li key={token.id} className="flex flex-wrap items-center gap-2 py-2">
              <div className="min-w-0 flex-1">
                <p className="truncate font-medium">
                  {token.name} <code className="text-xs text-slate-600">{token.prefix}…</code>
                </p>
                <p className="text-xs text-slate-600">
                  {token.projectName} · created {dateFormat.format(token.createdAt)}
                  {token.lastUsedAt ? ` · last used ${dateFormat.format(token.lastUsedAt)}` : ' · never used'}
                  {token.expiresAt ? ` · expires ${dateFormat.format(token.expiresAt)}` : ''}
                </p>
              </div>
              {token.revokedAt ? (
                <span className="text-xs text-slate-600">Revoked</span>
              ) : (
                <button
                  type="button"
                  className="btn-danger py-1"
                  onClick={async () => {
                    await revokeToken.mutateAsync({ tokenId: token.id }).catch(createToken.reportError);
                    router.refresh();
                  }}
                >
                  Revoke
                </button>
              )}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

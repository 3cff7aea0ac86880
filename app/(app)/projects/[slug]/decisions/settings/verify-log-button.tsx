'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Alert } from '@/app/_components/alert';
import { describeError } from '@/app/_lib/error-message';
import type { RouterOutputs } from '@/app/_lib/router-types';
import { useTRPC } from '@/app/_lib/trpc';

type TVerdict = RouterOutputs['decisionRecord']['verifyLog'];

function describeVerdict(verdict: TVerdict): string {
  const range = verdict.entries === 0 ? 'no entries' : `${verdict.entries.toLocaleString('en')} entries (${verdict.firstSeq}–${verdict.lastSeq})`;
  if (!verdict.break) return `Intact: ${range} checked.`;
  return `Broken at entry ${verdict.break.seq} (${verdict.break.problem}); ${range} before it verified.`;
}

export function VerifyLogButton({ projectId }: { projectId: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [result, setResult] = useState<{ tone: 'success' | 'error'; message: string } | null>(null);
  const [isChecking, setIsChecking] = useState(false);
  const verify = async () => {
    setIsChecking(true);
    setResult(null);
    try {
      const verdict = await queryClient.fetchQuery({ ...trpc.decisionRecord.verifyLog.queryOptions({ projectId }), staleTime: 0 });
      setResult({ tone: verdict.break ? 'error' : 'success', message: describeVerdict(verdict) });
    } catch (caught) {
      setResult({ tone: 'error', message: describeError(caught) });
    } finally {
      setIsChecking(false);
    }
  };
  return (
    <div className="mt-3 space-y-2">
      <button type="button" className="btn-secondary" onClick={() => void verify()} disabled={isChecking}>
        {isChecking ? 'Verifying…' : 'Verify log'}
      </button>
      {result ? <Alert tone={result.tone}>{result.message}</Alert> : null}
    </div>
  );
}

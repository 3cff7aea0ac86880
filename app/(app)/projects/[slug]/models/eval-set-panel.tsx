'use client';

import { Alert } from '@/app/_components/alert';
import { FormNotice } from '@/app/_components/form-notice';
import { useTRPC } from '@/app/_lib/trpc';
import { useFormMutation } from '@/app/_lib/use-form-mutation';
import { formatCount } from './format';
import type { TEvalSetSummary } from './model-types';

/** The held-out items every version is scored on, and a way to draw them again. */
export function EvalSetPanel({ projectId, evalSet, canManage }: { projectId: number; evalSet: TEvalSetSummary; canManage: boolean }) {
  const trpc = useTRPC();
  const redraw = useFormMutation(trpc.models.redrawEvalSet.mutationOptions(), { invalidates: [trpc.models.pathKey()] });

  async function onRedraw() {
    if (!window.confirm('Draw a new evaluation set? Versions evaluated before are then no longer directly comparable with new ones.')) return;
    await redraw.submit({ projectId }, { success: (result) => `Drew ${formatCount(result.size)} items${result.isFromGold ? ' from the gold-labeled ones' : ''}.` });
  }

  return (
    <section className="card space-y-3" aria-labelledby="evalset-heading">
      <h2 id="evalset-heading" className="text-lg font-semibold">
        Evaluation set
      </h2>
      <p className="text-sm text-slate-700">
        Items drawn uniformly at random, never chosen by the model, and never trained on. People label them like any other item (or their gold answer
        counts); every version is scored on them.
      </p>
      <FormNotice notice={redraw.notice} />
      <dl className="grid grid-cols-2 gap-3 text-sm" data-testid="eval-set">
        <div>
          <dt className="text-slate-600">Items in the set</dt>
          <dd className="text-lg font-semibold">
            {formatCount(evalSet.size)} <span className="text-sm font-normal text-slate-600">of {formatCount(evalSet.items)}</span>
          </dd>
        </div>
        <div>
          <dt className="text-slate-600">Usable for scoring</dt>
          <dd className="text-lg font-semibold">{formatCount(evalSet.usable)}</dd>
        </div>
        <div>
          <dt className="text-slate-600">With a human label</dt>
          <dd className="font-semibold">{formatCount(evalSet.withHumanLabel)}</dd>
        </div>
        <div>
          <dt className="text-slate-600">With a gold label</dt>
          <dd className="font-semibold">{formatCount(evalSet.withGold)}</dd>
        </div>
      </dl>
      {evalSet.usable < 30 ? (
        <Alert tone="info">Fewer than 30 evaluation items have a label yet: the intervals around the metrics are wide.</Alert>
      ) : null}
      {canManage ? (
        <button type="button" className="btn-secondary" onClick={onRedraw} disabled={redraw.isPending}>
          {redraw.isPending ? 'Drawing…' : 'Draw a new evaluation set'}
        </button>
      ) : null}
    </section>
  );
}

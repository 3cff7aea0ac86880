'use client';

import { useQuery } from '@tanstack/react-query';
import { Alert } from '@/app/_components/alert';
import { describeError } from '@/app/_lib/error-message';
import { useTRPC } from '@/app/_lib/trpc';
import { MODEL_KIND_INPUT } from '@/ml/model-kinds';
import { EvalSetPanel } from './eval-set-panel';
import { LearningSettingsForm } from './learning-settings-form';
import { ModelStatus } from './model-status';
import { SimulatorPanel } from './simulator-panel';
import { VersionsPanel } from './versions-panel';

const ACTIVE_POLL_MS = 1_500;
const IDLE_POLL_MS = 10_000;

type TProps = { projectId: number; slug: string; canManage: boolean; canDownload: boolean };

export function ModelsDashboard({ projectId, slug, canManage, canDownload }: TProps) {
  const trpc = useTRPC();
  const overview = useQuery(
    trpc.models.overview.queryOptions(
      { projectId },
      {
        // Live progress while a training waits or runs; a slow poll otherwise picks up trainings labels start.
        refetchInterval: (query) => {
          const status = query.state.data?.training?.status;
          return status === 'queued' || status === 'running' ? ACTIVE_POLL_MS : IDLE_POLL_MS;
        },
      },
    ),
  );
  if (overview.error) return <Alert tone="error">{describeError(overview.error)}</Alert>;
  if (!overview.data) return <p className="text-sm text-slate-700">Loading the model…</p>;
  const data = overview.data;
  // A span project trains the BIO tagger: its versions and simulations read in span F1.
  const isSpans = MODEL_KIND_INPUT[data.settings.modelKind] === 'span';
  return (
    <div className="space-y-6">
      <ModelStatus projectId={projectId} overview={data} canManage={canManage} />
      <div className="grid gap-6 lg:grid-cols-2">
        <LearningSettingsForm projectId={projectId} settings={data.settings} canManage={canManage} />
        <EvalSetPanel projectId={projectId} evalSet={data.evalSet} canManage={canManage} />
      </div>
      <VersionsPanel projectId={projectId} slug={slug} canManage={canManage} canDownload={canDownload} isSpans={isSpans} />
      <SimulatorPanel projectId={projectId} canManage={canManage} currentStrategy={data.settings.samplingStrategy} modelKind={data.settings.modelKind} />
    </div>
  );
}

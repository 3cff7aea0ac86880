'use client';

import { Alert } from '@/app/_components/alert';
import { FormNotice } from '@/app/_components/form-notice';
import { useTRPC } from '@/app/_lib/trpc';
import { useFormMutation } from '@/app/_lib/use-form-mutation';
import { describeStrategy, formatCount, formatDateTime, formatInterval, formatPercent, formatSeconds } from './format';
import type { TLearningOverview } from './model-types';

type TProgress = {
  stage?: string;
  epoch?: number;
  maxEpochs?: number;
  loss?: number;
  valLoss?: number | null;
  valAccuracy?: number | null;
  fold?: number;
  folds?: number;
  done?: number;
  total?: number | null;
  labels?: number;
};

const MODEL_NAMES: Record<string, string> = { softmax: 'Softmax regression', mlp: 'MLP (one hidden layer)', sigmoid: 'One-vs-rest sigmoid', cnn: 'CNN', 'pixel-softmax': 'Pixel softmax regression' };

const STAGE_TEXT: Record<string, string> = {
  loading: 'Reading the labels',
  featurizing: 'Turning texts into features',
  training: 'Training',
  'cross-validation': 'Cross-validating (to find likely mislabeled items)',
  committee: 'Training the committee',
  evaluating: 'Evaluating on the evaluation set',
  scoring: 'Scoring the unlabeled pool',
  ordering: 'Ordering the queue',
  writing: 'Writing the new queue order',
};

/** The current version in numbers, and the training that is waiting or running, live. */
export function ModelStatus({ projectId, overview, canManage }: { projectId: number; overview: TLearningOverview; canManage: boolean }) {
  const trpc = useTRPC();
  const train = useFormMutation(trpc.models.train.mutationOptions(), { invalidates: [trpc.models.pathKey()] });
  const { current, training } = overview;
  const isBusy = training?.status === 'queued' || training?.status === 'running';
  const onTrain = () => train.submit({ projectId });

  return (
    <section className="card space-y-4" aria-labelledby="model-heading">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h2 id="model-heading" className="text-lg font-semibold">
            Current model
          </h2>
          <p className="text-sm text-slate-700" data-testid="model-backend">
            TensorFlow.js backend: <strong>{overview.backend ?? 'not known until the first training'}</strong> · jobs run{' '}
            {overview.workerMode === 'in-app' ? 'inside the app' : 'in `quorum worker` processes'}
          </p>
        </div>
        {canManage ? (
          <button type="button" className="btn-primary" onClick={onTrain} disabled={train.isPending}>
            {train.isPending ? 'Queueing…' : 'Train now'}
          </button>
        ) : null}
      </div>
      <FormNotice notice={train.notice} />
      {current?.spans ? (
        <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4" data-testid="current-model">
          <Figure label="Version" value={`v${current.version}${current.isPinned ? ' (pinned)' : ''}`} />
          <Figure label="Span F1 (exact)" value={formatPercent(current.spans.exactF1)} note={`dictionary baseline ${formatPercent(current.spans.baselineExactF1)}`} />
          <Figure label="Span F1 (partial)" value={formatPercent(current.spans.partialF1)} />
          <Figure label="Token F1" value={formatPercent(current.spans.tokenF1)} />
          <Figure label="Trained on" value={`${formatCount(current.labelCount)} items`} />
          <Figure label="Evaluated on" value={`${formatCount(current.evalSize)} items`} />
          <Figure label="Model" value="BIO token tagger" />
          <Figure label="Strategy" value={`${describeStrategy(current.strategy)} (per token, mean per item)`} />
        </dl>
      ) : current ? (
        <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4" data-testid="current-model">
          <Figure label="Version" value={`v${current.version}${current.isPinned ? ' (pinned)' : ''}`} />
          {current.task === 'multi_label' ? (
            <>
              {/* Label sets: micro-F1 pools every (item, label) decision; there is no accuracy or ECE of one label. */}
              <Figure label="Micro-F1" value={formatPercent(current.microF1?.value)} detail={formatInterval(current.microF1?.ci95)} />
              <Figure label="Macro-F1" value={formatPercent(current.macroF1?.value)} detail={formatInterval(current.macroF1?.ci95)} />
              <Figure label="Constant answer (micro-F1)" value={formatPercent(current.baselineMicroF1)} />
            </>
          ) : (
            <>
              <Figure label="Accuracy" value={formatPercent(current.accuracy?.value)} detail={formatInterval(current.accuracy?.ci95)} />
              <Figure label="Macro-F1" value={formatPercent(current.macroF1?.value)} detail={formatInterval(current.macroF1?.ci95)} />
              <Figure label="Calibration error (ECE)" value={formatPercent(current.ece?.value)} detail={formatInterval(current.ece?.ci95)} />
            </>
          )}
          <Figure label="Trained on" value={`${formatCount(current.labelCount)} labels`} />
          <Figure label="Evaluated on" value={`${formatCount(current.evalSize)} items`} />
          <Figure label="Model" value={MODEL_NAMES[current.kind] ?? current.kind} />
          <Figure label="Strategy" value={describeStrategy(current.strategy)} />
        </dl>
      ) : (
        <p className="text-sm text-slate-700" data-testid="no-model">
          No model yet. The first one trains after {formatCount(overview.settings.retrainEvery)} labels (
          {overview.settings.modelKind === 'bio-tagger' ? 'with at least one span among them' : 'of at least two labels'}) — or now, with “Train now”.
        </p>
      )}
      <p className="text-sm text-slate-700">
        {formatCount(overview.trainableLabels)} human labels to learn from; {formatCount(overview.labelsSinceTrigger)} of the{' '}
        {formatCount(overview.settings.retrainEvery)} label changes that start the next training have arrived.
      </p>
      <div aria-live="polite" data-testid="training-status">
        {training ? <TrainingStatus training={training} isBusy={isBusy} /> : null}
      </div>
    </section>
  );
}

function TrainingStatus({ training, isBusy }: { training: NonNullable<TLearningOverview['training']>; isBusy: boolean }) {
  const progress = (training.progress ?? {}) as TProgress;
  const reason = String((training.payload as { reason?: string }).reason ?? '');
  const payloadMode = (training.payload as { mode?: string }).mode;
  const mode = payloadMode === 'rescore' ? 'Rescoring' : payloadMode === 'order' ? 'Choosing a first batch that covers the pool' : 'Training';
  if (training.status === 'queued') {
    return (
      <Alert tone="info">
        {mode} queued{reason ? ` (${reason})` : ''}
        {training.attempts > 0 ? `, attempt ${training.attempts + 1} of ${training.maxAttempts} after: ${training.error ?? 'an interrupted attempt'}` : ''}.
      </Alert>
    );
  }
  if (isBusy) {
    const fraction = progressFraction(progress);
    return (
      <div className="space-y-2 rounded-md border border-blue-200 bg-blue-50 p-3 text-sm text-blue-950">
        <p>
          <strong>{STAGE_TEXT[progress.stage ?? ''] ?? `${mode}…`}</strong>
          {progress.stage === 'training' && progress.epoch ? (
            <>
              {' '}
              — epoch {progress.epoch}, loss {progress.loss?.toFixed(4)}
              {progress.valLoss != null ? `, validation loss ${progress.valLoss.toFixed(4)}` : ''}
              {progress.valAccuracy != null ? `, validation accuracy ${formatPercent(progress.valAccuracy)}` : ''}
            </>
          ) : null}
          {progress.stage === 'cross-validation' ? ` — fold ${progress.fold} of ${progress.folds}` : null}
          {progress.stage === 'scoring' || progress.stage === 'writing' ? ` — ${formatCount(progress.done)}${progress.total ? ` of ${formatCount(progress.total)}` : ''} items` : null}
        </p>
        {fraction !== null ? (
          <div role="progressbar" aria-label="Training progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(fraction * 100)} className="h-2 rounded bg-blue-100">
            <div className="h-2 rounded bg-blue-700" style={{ width: `${Math.round(fraction * 100)}%` }} />
          </div>
        ) : null}
      </div>
    );
  }
  if (training.status === 'failed') return <Alert tone="error">The last training failed: {training.error ?? 'unknown error'}</Alert>;
  const result = (training.result ?? {}) as { skipped?: boolean; reason?: string; seconds?: Record<string, number> };
  if (result.skipped) return <Alert tone="info">Last training skipped: {result.reason}.</Alert>;
  const seconds = result.seconds ? Object.values(result.seconds).reduce((a, b) => a + b, 0) : null;
  return (
    <p className="text-sm text-slate-700">
      Last {mode.toLowerCase()} finished {formatDateTime(training.finishedAt)}
      {seconds !== null ? ` (model ${formatSeconds(seconds)})` : ''}.
    </p>
  );
}

/** Epochs stop early, so training progress is shown against the epoch cap only as a rough guide. */
function progressFraction(progress: TProgress): number | null {
  if (progress.stage === 'training' && progress.epoch && progress.maxEpochs) return Math.min(1, progress.epoch / progress.maxEpochs);
  if (progress.stage === 'cross-validation' && progress.fold && progress.folds) return progress.fold / progress.folds;
  if ((progress.stage === 'writing' || progress.stage === 'scoring') && progress.total && progress.done !== undefined) return progress.done / progress.total;
  return null;
}

function Figure({ label, value, detail, note }: { label: string; value: string; detail?: string; note?: string }) {
  return (
    <div>
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-600">{label}</dt>
      <dd className="text-lg font-semibold text-slate-900">{value}</dd>
      {detail ? <dd className="text-xs text-slate-600">95% CI {detail}</dd> : null}
      {note ? <dd className="text-xs text-slate-600">{note}</dd> : null}
    </div>
  );
}

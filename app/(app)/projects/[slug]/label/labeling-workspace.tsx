'use client';

import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Alert } from '@/app/_components/alert';
import { useTRPC } from '@/app/_lib/trpc';
import { describeSuggestion } from './describe-suggestion';
import { AnswerHistory } from './answer-history';
import { HelpDialog } from './help-dialog';
import { HighlightWordsPanel } from './highlight-words-panel';
import { describeHotkey, isTypingTarget, resolveKey } from './keyboard';
import { QueueActions } from './queue-actions';
import { SkipDialog } from './skip-dialog';
import { ItemMetadata } from '@/app/_components/item-metadata';
import type { TSpan } from '@/ml/spans/span-types';
import { SpanEditor } from './span-editor';
import type { TSpanSuggestion } from './span-editor-state';
import { PrefetchItemImage } from '@/app/_components/item-image';
import { TaskView } from './task-view';
import { useHighlightWords } from './use-highlight-terms';
import { useTaskQueue } from './use-task-queue';

type TLabel = { id: number; name: string; hotkey: string; color: string };

const NO_SPANS: TSpan[] = [];
const NO_SUGGESTIONS: TSpanSuggestion[] = [];

function startOfToday(): Date {
  const now = new Date();
  return new Date(now.getFullYear(), now.getMonth(), now.getDate());
}

export function LabelingWorkspace({
  projectId,
  slug,
  taskBatchSize,
  isMultiLabel,
  spanSetup,
  instructions,
  labels,
  showModelSuggestion,
}: {
  projectId: number;
  slug: string;
  /** Tasks held at once (the project's taskBatchSize). */
  taskBatchSize: number;
  /** Any subset of the labels per item: label keys toggle, Enter sends, '-' answers "none of these". */
  isMultiLabel: boolean;
  /** A spans project: the span editor replaces the text and the label buttons. */
  spanSetup: { allowOverlap: boolean } | null;
  instructions: string;
  labels: TLabel[];
  showModelSuggestion: boolean;
}) {
  const trpc = useTRPC();
  const queue = useTaskQueue(projectId, slug, taskBatchSize);
  const [isSkipping, setIsSkipping] = useState(false);
  const [isHelpOpen, setIsHelpOpen] = useState(false);
  const [isSourceShown, setIsSourceShown] = useState(false);
  const [isHighlighting, setIsHighlighting] = useState(true);
  const [isWordsOpen, setIsWordsOpen] = useState(false);
  const firstWordField = useRef<HTMLTextAreaElement>(null);
  const highlight = useHighlightWords(projectId);
  const labelsById = useMemo(() => new Map(labels.map((label) => [label.id, label])), [labels]);
  const [since] = useState(startOfToday);
  const progress = useQuery({ ...trpc.label.progress.queryOptions({ projectId, since }), refetchInterval: 30_000 });
  // Labels stored since the progress was last read, so the counts move with every label.
  const savedSinceFetch = queue.savedTimes.filter((time) => time > progress.dataUpdatedAt).length;

  const { current, submitAnswer, undoLast } = queue;
  // The labels chosen so far (multi-label), in label order, and whether an empty Enter asked for a
  // choice: both belong to the item on screen and start afresh with the next.
  const currentItemId = current?.itemId ?? null;
  const [choice, setChoice] = useState<{ itemId: number | null; labelIds: number[]; isHintShown: boolean }>({ itemId: null, labelIds: [], isHintShown: false });
  const isChoiceCurrent = choice.itemId === currentItemId;
  const chosen = useMemo(() => (isChoiceCurrent ? choice.labelIds : []), [isChoiceCurrent, choice.labelIds]);
  const chooseHint = isChoiceCurrent && choice.isHintShown;
  const setChooseHint = useCallback((isHintShown: boolean) => setChoice((held) => ({ itemId: currentItemId, labelIds: held.itemId === currentItemId ? held.labelIds : [], isHintShown })), [currentItemId]);

  // The spans drawn so far on the item on screen (spans projects).
  const [spanDraft, setSpanDraft] = useState<{ itemId: number | null; spans: TSpan[] }>({ itemId: null, spans: [] });
  const draftSpans = spanDraft.itemId === currentItemId ? spanDraft.spans : NO_SPANS;
  // The model's spans for this item (when the project shows suggestions): dashed until accepted (= one, + all), edited or dismissed.
  const suggestedSpans = current?.suggestedSpans;
  const spanSuggestions = useMemo(() => suggestedSpans ?? NO_SUGGESTIONS, [suggestedSpans]);

  const toggleLabel = useCallback(
    (labelId: number) => {
      setChoice((held) => {
        const labelIds = held.itemId === currentItemId ? held.labelIds : [];
        const next = labelIds.includes(labelId) ? labelIds.filter((id) => id !== labelId) : labels.map((label) => label.id).filter((id) => id === labelId || labelIds.includes(id));
        return { itemId: currentItemId, labelIds: next, isHintShown: false };
      });
    },
    [labels, currentItemId],
  );
  const submitChosen = useCallback(
    (labelIds: number[]) => {
      const names = labelIds.map((id) => `“${labelsById.get(id)?.name ?? id}”`);
      submitAnswer({ value: { labelIds } }, names.length === 0 ? 'None of these' : `${names.length === 1 ? 'Label' : 'Labels'} ${names.join(', ')}`);
    },
    [submitAnswer, labelsById],
  );
  const answerLabel = useCallback(
    (labelId: number) => {
      if (isMultiLabel) toggleLabel(labelId);
      else submitAnswer({ labelId }, `Label “${labelsById.get(labelId)?.name ?? ''}”`);
    },
    [isMultiLabel, toggleLabel, submitAnswer, labelsById],
  );

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (isTypingTarget(event.target) || isSkipping) return;
      const action = resolveKey(event, labels);
      if (action.kind === 'none') return;
      event.preventDefault();
      if (action.kind === 'help') setIsHelpOpen((open) => !open);
      else if (action.kind === 'close') setIsHelpOpen(false);
      else if (isHelpOpen) return;
      else if (action.kind === 'undo') void undoLast();
      else if (action.kind === 'highlight') setIsHighlighting((on) => !on);
      else if (action.kind === 'source') setIsSourceShown((shown) => !shown);
      else if (action.kind === 'editHighlights') {
        setIsWordsOpen(true);
        // After the panel opens.
        requestAnimationFrame(() => firstWordField.current?.focus());
      } else if (!current) return;
      else if (action.kind === 'skip') setIsSkipping(true);
      // The span editor takes label keys and Enter itself.
      else if (spanSetup !== null) return;
      else if (action.kind === 'label') answerLabel(action.labelId);
      else if (!isMultiLabel) return;
      else if (action.kind === 'noneOfThese') submitChosen([]);
      // An empty Enter is more likely a slip than "none of these", which has its own key.
      else if (action.kind === 'submitChosen') {
        if (chosen.length > 0) submitChosen(chosen);
        else setChooseHint(true);
      }
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [labels, current, answerLabel, submitChosen, chosen, isMultiLabel, spanSetup, setChooseHint, undoLast, isSkipping, isHelpOpen]);

  // Unsaved work must not vanish with a closed tab.
  const hasUnsaved = queue.pending.length > 0;
  useEffect(() => {
    if (!hasUnsaved) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [hasUnsaved]);

  const suggestion = showModelSuggestion && current ? describeSuggestion(current.suggestion, labels) : null;
  const failed = queue.pending.filter((work) => work.state === 'failed');
  const isRetrying = queue.pending.some((work) => work.state === 'retrying');
  const { canUndo } = queue;
  const done = progress.data ? progress.data.doneSince + savedSinceFetch : null;
  const remaining = progress.data ? Math.max(0, progress.data.remaining - savedSinceFetch) : null;

  const skipDialog = (
    <SkipDialog
      onCancel={() => setIsSkipping(false)}
      onSkip={(reason) => {
        setIsSkipping(false);
        queue.skipTask(reason);
      }}
    />
  );
  const queueActions = (
    <QueueActions isSkipping={isSkipping} canUndo={canUndo} onSkip={() => setIsSkipping(true)} onUndo={() => void undoLast()} onHelp={() => setIsHelpOpen(true)} />
  );

  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <section className="space-y-4 lg:col-span-2" aria-label="Labeling">
        <div className="flex flex-wrap items-center justify-between gap-2 text-sm text-slate-700">
          <p data-testid="progress">
            Done today: <span className="font-semibold text-slate-900" data-testid="progress-done">{done ?? '…'}</span>
            {' · '}Remaining:{' '}
            <span className="font-semibold text-slate-900">
              {remaining === null ? '…' : `${remaining.toLocaleString()}${progress.data?.isRemainingCapped ? '+' : ''}`}
            </span>
          </p>
          <p role="status" aria-live="polite" className="text-slate-600">
            {isRetrying ? 'Connection trouble — retrying…' : queue.pending.length > 0 ? 'Saving…' : queue.savedTimes.length > 0 ? 'All saved' : ''}
          </p>
        </div>
        {queue.notice ? <Alert tone={queue.notice.tone}>{queue.notice.message}</Alert> : null}
        {failed.length > 0 ? (
          <Alert tone="error">
            {failed.length} {failed.length === 1 ? 'submission is' : 'submissions are'} not saved yet ({failed[0]?.error}).{' '}
            <button type="button" className="link" onClick={queue.retryFailed}>
              Try again
            </button>
          </Alert>
        ) : null}

        {current && spanSetup !== null ? (
          <>
            <SpanEditor
              key={current.itemId}
              text={current.text}
              labels={labels}
              spans={draftSpans}
              onChange={(spans) => setSpanDraft({ itemId: current.itemId, spans })}
              allowOverlap={spanSetup.allowOverlap}
              suggestions={spanSuggestions}
              onSubmit={() => submitAnswer({ value: { spans: draftSpans } }, draftSpans.length === 0 ? 'No spans' : `${draftSpans.length} ${draftSpans.length === 1 ? 'span' : 'spans'}`)}
              isDisabled={isSkipping || isHelpOpen}
            />
            <ItemMetadata metadata={current.metadata} />
            <div className="border-t border-slate-200 pt-3">{isSkipping ? skipDialog : queueActions}</div>
          </>
        ) : current ? (
          <>
            <PrefetchItemImage itemId={queue.upcoming?.mediaHash ? queue.upcoming.itemId : null} size="display" />
            <TaskView
              task={current}
              suggestion={suggestion}
              isSourceShown={isSourceShown}
              terms={isHighlighting ? highlight.terms : []}
              labels={labelsById}
            />
            {/* Sticky: however long the text and the page, the answers stay on screen. */}
            <div data-testid="action-bar" className="sticky bottom-0 z-10 -mx-2 space-y-2 border-t border-slate-200 bg-white/95 px-2 py-3 backdrop-blur">
              {isSkipping ? (
                skipDialog
              ) : (
                <>
                  <div role="group" aria-label="Labels" className="grid grid-cols-2 gap-2 sm:grid-cols-3">
                    {labels.map((label) => {
                      const isChosen = chosen.includes(label.id);
                      return (
                        <button
                          key={label.id}
                          type="button"
                          onClick={() => answerLabel(label.id)}
                          className={`btn-secondary min-h-12 justify-between border-l-4 text-base ${isChosen ? 'bg-sky-50 ring-2 ring-sky-600' : ''}`}
                          style={{ borderLeftColor: label.color }}
                          aria-keyshortcuts={label.hotkey}
                          aria-pressed={isMultiLabel ? isChosen : undefined}
                        >
                          <span className="min-w-0 truncate">
                            {isMultiLabel ? <span aria-hidden="true">{isChosen ? '☑ ' : '☐ '}</span> : null}
                            {label.name}
                          </span>
                          <kbd className="shrink-0 rounded border border-slate-300 bg-slate-50 px-1.5 font-mono text-xs text-slate-700">{describeHotkey(label.hotkey)}</kbd>
                        </button>
                      );
                    })}
                  </div>
                  {isMultiLabel ? (
                    <div className="flex flex-wrap items-center gap-2">
                      <button type="button" className="btn-primary min-h-11" onClick={() => (chosen.length > 0 ? submitChosen(chosen) : setChooseHint(true))} aria-keyshortcuts="Enter">
                        Send {chosen.length} {chosen.length === 1 ? 'label' : 'labels'} <kbd className="font-mono text-xs">Enter</kbd>
                      </button>
                      <button type="button" className="btn-secondary min-h-11" onClick={() => submitChosen([])} aria-keyshortcuts="-">
                        None of these <kbd className="font-mono text-xs">-</kbd>
                      </button>
                      {chooseHint ? (
                        <p role="status" className="text-sm text-slate-700">
                          Choose at least one label, or answer “None of these” with <kbd className="font-mono">-</kbd>.
                        </p>
                      ) : null}
                    </div>
                  ) : null}
                </>
              )}
              {queueActions}
            </div>
          </>
        ) : queue.isExhausted ? (
          <div className="card text-center">
            <p className="font-medium">Nothing left for you to label right now.</p>
            <p className="mt-1 text-sm text-slate-600">Other annotators may still hold some items; they return to the queue if not finished.</p>
            <button type="button" className="btn-secondary mt-3" onClick={queue.reload}>
              Look again
            </button>
          </div>
        ) : (
          <p className="card text-sm text-slate-600" role="status">
            Loading the next item…
          </p>
        )}
      </section>

      <aside className="space-y-4" aria-label="Instructions and tools">
        <details className="card" open>
          <summary className="cursor-pointer font-semibold">Instructions</summary>
          {instructions ? (
            <p className="mt-2 whitespace-pre-wrap break-words text-sm text-slate-800">{instructions}</p>
          ) : (
            <p className="mt-2 text-sm text-slate-600">No instructions for this project.</p>
          )}
        </details>
        <AnswerHistory entries={queue.history} onUndo={(entry) => void queue.undo(entry)} />
        <HighlightWordsPanel
          labels={labels}
          words={highlight.words}
          onSave={highlight.save}
          isOn={isHighlighting}
          onToggle={() => setIsHighlighting((on) => !on)}
          isOpen={isWordsOpen}
          onOpenChange={setIsWordsOpen}
          firstFieldRef={firstWordField}
        />
        <p className="text-xs text-slate-600">
          {isMultiLabel ? (
            <>
              Press labels’ keys to choose them, <kbd className="font-mono">Enter</kbd> to send.
            </>
          ) : (
            'Press a label’s key to label and move on. '
          )}{' '}
          <kbd className="font-mono">?</kbd> lists every key.
        </p>
      </aside>
      {isHelpOpen ? <HelpDialog labels={labels} isMultiLabel={isMultiLabel} isSpans={spanSetup !== null} onClose={() => setIsHelpOpen(false)} /> : null}
    </div>
  );
}

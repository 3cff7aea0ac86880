import { useMemo } from 'react';
import { ItemMetadata } from '@/app/_components/item-metadata';
import type { THighlightTerm } from './highlight-terms';
import { convertHtmlToText, isHtmlText } from './html-text';
import { ImageTaskView } from './image-task-view';
import { MarkedText } from './marked-text';
import type { TSuggestionView } from './describe-suggestion';
import { ModelSuggestion } from './model-suggestion';
import type { TQueueTask } from '@/server/routers/label.schema';

/**
 * The item as plain text: React escapes it, so markup in user data (a `<script>`, an `<img onerror>`)
 * shows as the characters it is. An HTML document (most e-mail) is shown as its readable text unless
 * the annotator asks for the source. Long texts scroll inside their box.
 */
export function TaskView({
  task,
  suggestion,
  isSourceShown,
  terms,
  labels,
}: {
  task: TQueueTask;
  suggestion: TSuggestionView | null;
  isSourceShown: boolean;
  /** Highlight words to mark; empty when highlighting is off. */
  terms: readonly THighlightTerm[];
  labels: ReadonlyMap<number, { name: string; color: string }>;
}) {
  const isHtml = useMemo(() => isHtmlText(task.text), [task.text]);
  const readable = useMemo(() => (isHtml ? convertHtmlToText(task.text) : task.text), [isHtml, task.text]);
  const shown = isHtml && !isSourceShown ? readable : task.text;
  if (task.mediaHash) return <ImageTaskView task={task} suggestion={suggestion} />;
  return (
    // The item's id marks which task is on screen, for tests and the keypress-to-next-task benchmark.
    <div className="space-y-2" data-item-id={task.itemId}>
      {isHtml ? (
        <p className="text-xs text-slate-700" data-testid="html-note">
          {isSourceShown ? 'HTML source, as imported.' : 'HTML shown as readable text (nothing in it is loaded or run).'} Press <kbd className="font-mono">~</kbd> for{' '}
          {isSourceShown ? 'the readable text' : 'the source'}.
        </p>
      ) : null}
      <div
        data-testid="task-text"
        data-view={isHtml ? (isSourceShown ? 'source' : 'readable') : 'text'}
        tabIndex={0}
        role="region"
        aria-label="Text to label"
        className="max-h-[45vh] overflow-y-auto whitespace-pre-wrap break-words rounded-md border border-slate-200 bg-white p-4 text-base leading-relaxed text-slate-900"
      >
        <MarkedText text={shown} terms={terms} labels={labels} />
      </div>
      {suggestion ? <ModelSuggestion suggestion={suggestion} /> : null}
      <ItemMetadata metadata={task.metadata} />
    </div>
  );
}

'use client';

/**
 * Span labeling (named entities) for one item's text: a controlled editor of `spans` (UTF-16
 * offsets into `text`, end exclusive; ml/spans/span-types.ts), word-snapped, under the project's
 * overlap rule, with model suggestions shown apart until accepted.
 *
 * Keys (describeSpanKeys lists them for the help dialog): a window listener in the capture phase
 * takes the editor's keys before the workspace's own listener sees them, and lets every other key
 * through (Space, ?, * # ~, Ctrl/Cmd+Z, and Backspace when nothing is selected). It stands aside
 * while `isDisabled`, while typing in a field, and while any aria-modal dialog is open; with
 * keyScope "focus" it only acts when focus is inside the editor (the review screen).
 *
 * Test hooks for Playwright:
 * - data-testid="span-editor": the whole editor.
 * - data-testid="span-text", role="region", name "Text to label": the text pane (focusable; Tab
 *   and Shift+Tab in it step through spans and suggestions). Each piece of text is a span with
 *   data-leaf-start/data-leaf-end (UTF-16 offsets).
 * - mark[data-item-kind="span"|"suggestion"] with data-span-start, data-span-end, data-label-id,
 *   data-item-key ("start:end:labelId"), data-variant, data-selected="true" when selected. A span
 *   crossed by another's edge is drawn as several marks with the same attributes: count spans in
 *   the list, not marks.
 * - [data-focus="pending"|"cursor"]: the unlabeled selection, or the cursor word.
 * - data-testid="span-status", role="status": refusals and what each edit did.
 * - data-testid="span-selection": what the keyboard acts on now.
 * - role="group" name "Span labels": a button per label (name starts with the label's name,
 *   aria-keyshortcuts its hotkey, aria-pressed on the selected span's label).
 * - data-testid="span-list" (ol, name "Spans"): an li per span with data-span-start, data-span-end,
 *   data-label-id; a button selecting it and a button named "Delete “…” (Label)".
 * - data-testid="suggestion-list" (ol, name "Suggestions"): li per open suggestion with the same
 *   data attributes; buttons Accept, Replace (when it overlaps and overlaps are not allowed), Dismiss.
 * - button "Accept all suggestions" (+), button "Send … spans" (Enter), when onSubmit is given.
 */

import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent as ReactKeyboardEvent, type MouseEvent as ReactMouseEvent } from 'react';
import { VisibleText } from '@/app/_components/visible-text';
import { checkSpanOverlap } from '@/ml/spans/check-span-overlap';
import type { TSpan } from '@/ml/spans/span-types';
import { tokenizeText } from '@/ml/spans/tokenize-text';
import { describeSpan, quoteSpanText } from './describe-span';
import { describeHotkey, isTypingTarget } from './keyboard';
import { mapDomPointToOffset } from './map-dom-point';
import {
  applySpanCommand,
  findFocusRange,
  findSelectedItem,
  findSteppedItem,
  INITIAL_SPAN_EDITOR_STATE,
  keySpan,
  listOpenSuggestions,
  type TSpanCommand,
  type TSpanEditorContext,
  type TSpanEditorState,
  type TSpanSuggestion,
} from './span-editor-state';
import { resolveSpanKey } from './span-keys';
import { SpanText, type TRenderedMark } from './span-text';

export type TSpanLabel = { id: number; name: string; hotkey: string; color: string };

export type TSpanEditorProps = {
  text: string;
  labels: readonly TSpanLabel[];
  /** The spans (controlled): every edit calls onChange with the whole new list, sorted by compareSpans. */
  spans: readonly TSpan[];
  onChange: (spans: TSpan[]) => void;
  allowOverlap: boolean;
  /** Pre-annotations, drawn dashed until accepted; `note` replaces the score in the list ("marked by …"). */
  suggestions?: readonly TSpanSuggestion[];
  /** Enter and the Send button; without it Enter is left to the page. */
  onSubmit?: () => void;
  isDisabled?: boolean;
  /** "window" (default, the labeling screen): keys work wherever focus is; "focus": only inside the editor. */
  keyScope?: 'window' | 'focus';
  /** The Send button's words; "Send" by default. */
  submitText?: string;
};

type THeld = { text: string; state: TSpanEditorState };

/** Where a DOM selection boundary falls in the text; a boundary dragged out of the pane clamps to an end. */
function mapBoundary(pane: HTMLElement, node: Node | null, offset: number, textLength: number): number | null {
  if (!node) return null;
  if (!pane.contains(node)) return pane.compareDocumentPosition(node) & Node.DOCUMENT_POSITION_PRECEDING ? 0 : textLength;
  return mapDomPointToOffset(pane, node, offset);
}

export function SpanEditor({ text, labels, spans, onChange, allowOverlap, suggestions, onSubmit, isDisabled = false, keyScope = 'window', submitText = 'Send' }: TSpanEditorProps) {
  const tokens = useMemo(() => tokenizeText(text), [text]);
  // The editor's state belongs to one text: a new item starts afresh without an effect.
  const [held, setHeld] = useState<THeld>({ text, state: INITIAL_SPAN_EDITOR_STATE });
  const state = held.text === text ? held.state : INITIAL_SPAN_EDITOR_STATE;
  const context = useMemo<TSpanEditorContext>(() => ({ text, tokens, spans, suggestions: suggestions ?? [], labels, allowOverlap }), [text, tokens, spans, suggestions, labels, allowOverlap]);
  const rootRef = useRef<HTMLDivElement>(null);
  const paneRef = useRef<HTMLDivElement>(null);
  const hintId = useId();

  const names = useMemo(() => new Map(labels.map((label) => [label.id, label.name])), [labels]);
  const labelsById = useMemo(() => new Map(labels.map((label) => [label.id, label])), [labels]);
  const selected = findSelectedItem(state, context);
  const openSuggestions = useMemo(() => listOpenSuggestions(context, state.dismissed), [context, state.dismissed]);
  const focusRange = findFocusRange(state, context);

  function run(command: TSpanCommand) {
    const result = applySpanCommand(state, command, context);
    setHeld({ text, state: result.state });
    if (result.spans) onChange(result.spans);
  }

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (isDisabled || event.defaultPrevented || isTypingTarget(event.target)) return;
      if (document.querySelector('[aria-modal="true"]')) return;
      const target = event.target instanceof Element ? event.target : null;
      if (keyScope === 'focus' && !(target && rootRef.current?.contains(target))) return;
      const action = resolveSpanKey(event, {
        labels,
        hasSelection: selected !== null,
        hasClearable: selected !== null || state.pending !== null || state.message !== null,
        canSubmit: onSubmit !== undefined,
      });
      if (!action) return;
      // Enter on a focused button (Delete, Accept) presses that button.
      if (action.kind === 'submit' && target?.closest('button, a, summary, [role="button"]')) return;
      event.preventDefault();
      event.stopPropagation();
      // A held key must not label, delete or send again and again.
      if (event.repeat && (action.kind === 'submit' || action.kind === 'applyLabel' || action.kind === 'deleteSelected' || action.kind === 'acceptAllSuggestions')) return;
      if (action.kind === 'submit') onSubmit?.();
      else {
        const result = applySpanCommand(state, action, context);
        setHeld({ text, state: result.state });
        if (result.spans) onChange(result.spans);
      }
    }
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, [isDisabled, keyScope, labels, selected, state, context, text, onChange, onSubmit]);

  // Keep what the keyboard acts on in view inside the scrolling pane.
  const focusKey = selected ? keySpan(selected.span) : focusRange ? `${focusRange.start}:${focusRange.end}` : '';
  useEffect(() => {
    paneRef.current?.querySelector('[data-selected="true"], [data-focus]')?.scrollIntoView?.({ block: 'nearest' });
  }, [focusKey]);

  function onPaneKeyDown(event: ReactKeyboardEvent<HTMLDivElement>) {
    if (isDisabled || event.key !== 'Tab' || event.altKey || event.ctrlKey || event.metaKey) return;
    // Past the last span Tab leaves the text as usual: no keyboard trap.
    const item = findSteppedItem(state, context, event.shiftKey ? -1 : 1);
    if (!item) return;
    event.preventDefault();
    run({ kind: 'selectItem', item });
  }

  function onPaneMouseUp(event: ReactMouseEvent<HTMLDivElement>) {
    const pane = paneRef.current;
    const selection = window.getSelection();
    if (isDisabled || !pane || !selection || selection.rangeCount === 0) return;
    if (selection.isCollapsed) {
      const mark = event.target instanceof Element ? event.target.closest('mark[data-item-key]') : null;
      const kind = mark?.getAttribute('data-item-kind');
      const key = mark?.getAttribute('data-item-key');
      if (mark && pane.contains(mark) && key && (kind === 'span' || kind === 'suggestion')) {
        run({ kind: 'selectItem', item: { kind, key } });
        return;
      }
      const offset = mapBoundary(pane, selection.anchorNode, selection.anchorOffset, text.length);
      if (offset !== null) run({ kind: 'placeCursor', offset });
      return;
    }
    const start = mapBoundary(pane, selection.anchorNode, selection.anchorOffset, text.length);
    const end = mapBoundary(pane, selection.focusNode, selection.focusOffset, text.length);
    // Our own shading shows the word-snapped selection; the browser's would show the raw one.
    selection.removeAllRanges();
    if (start !== null && end !== null) run({ kind: 'selectRange', start, end });
  }

  const marks: TRenderedMark[] = [
    ...spans.map((span): TRenderedMark => {
      const label = labelsById.get(span.labelId);
      const key = keySpan(span);
      return { key, kind: 'span', ...span, labelName: label?.name ?? `label ${span.labelId}`, color: label?.color ?? '#64748b', variant: 'span', isSelected: selected?.kind === 'span' && keySpan(selected.span) === key };
    }),
    ...openSuggestions.map((suggestion): TRenderedMark => {
      const label = labelsById.get(suggestion.labelId);
      const key = keySpan(suggestion);
      return {
        key,
        kind: 'suggestion',
        start: suggestion.start,
        end: suggestion.end,
        labelId: suggestion.labelId,
        labelName: label?.name ?? `label ${suggestion.labelId}`,
        color: label?.color ?? '#64748b',
        variant: 'suggestion',
        isSelected: selected?.kind === 'suggestion' && keySpan(selected.span) === key,
      };
    }),
  ];
  const focus = selected || !focusRange ? null : { range: focusRange, isPending: state.pending !== null };

  const selectionText = selected
    ? selected.kind === 'span'
      ? `Selected span ${describeSpan(text, selected.span, names)}: a label key changes its label, Shift+arrows resize it, Delete deletes it.`
      : `Selected suggestion ${describeSpan(text, selected.span, names)}: = accepts it, a label key accepts it with that label, Delete dismisses it.`
    : state.pending
      ? `Selection ${quoteSpanText(text, state.pending)}: press a label key to label it.`
      : focusRange
        ? `Cursor on ${quoteSpanText(text, focusRange)}: a label key labels this word; Shift+arrows select more.`
        : 'No text to label.';

  function describeSuggestionScore(suggestion: TSpanSuggestion): string {
    return suggestion.note ?? `${Math.round(suggestion.score * 100)}%`;
  }

  return (
    <div ref={rootRef} className="space-y-3" data-testid="span-editor">
      <div
        ref={paneRef}
        role="region"
        aria-label="Text to label"
        aria-describedby={hintId}
        tabIndex={0}
        data-testid="span-text"
        onMouseUp={onPaneMouseUp}
        onKeyDown={onPaneKeyDown}
        className="max-h-[45vh] overflow-y-auto whitespace-pre-wrap break-words rounded-md border border-slate-200 bg-white p-4 text-base leading-[2.6] text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600"
      >
        <SpanText text={text} marks={marks} focus={focus} />
      </div>
      <p id={hintId} className="text-xs text-slate-600">
        Select words with the mouse, or move with <kbd className="font-mono">←</kbd> <kbd className="font-mono">→</kbd> and widen with <kbd className="font-mono">Shift</kbd>+arrows; then press a label’s key.{' '}
        <kbd className="font-mono">]</kbd> <kbd className="font-mono">[</kbd> step through spans.
      </p>
      <p role="status" aria-live="polite" data-testid="span-status" className={`min-h-5 text-sm ${state.message?.isRefusal ? 'font-medium text-amber-900' : 'text-slate-700'}`}>
        {state.message ? <VisibleText text={state.message.text} /> : null}
      </p>

      <div data-testid="span-label-bar" className="space-y-2 border-t border-slate-200 pt-3">
        <p data-testid="span-selection" className="text-sm text-slate-800">
          <VisibleText text={selectionText} />
        </p>
        <div role="group" aria-label="Span labels" className="grid grid-cols-2 gap-2 sm:grid-cols-3">
          {labels.map((label) => (
            <button
              key={label.id}
              type="button"
              disabled={isDisabled}
              onClick={() => run({ kind: 'applyLabel', labelId: label.id })}
              className="btn-secondary min-h-11 justify-between border-l-4 text-base"
              style={{ borderLeftColor: label.color }}
              aria-keyshortcuts={label.hotkey}
              aria-pressed={selected?.kind === 'span' ? selected.span.labelId === label.id : undefined}
            >
              <span className="min-w-0 truncate">{label.name}</span>
              <kbd className="shrink-0 rounded border border-slate-300 bg-slate-50 px-1.5 font-mono text-xs text-slate-700">{describeHotkey(label.hotkey)}</kbd>
            </button>
          ))}
        </div>
        <div className="flex flex-wrap items-center gap-2">
          {openSuggestions.length > 0 ? (
            <button type="button" className="btn-secondary min-h-11" disabled={isDisabled} onClick={() => run({ kind: 'acceptAllSuggestions' })} aria-keyshortcuts="+">
              Accept all suggestions <kbd className="font-mono text-xs">+</kbd>
            </button>
          ) : null}
          {onSubmit ? (
            <button type="button" className="btn-primary min-h-11" disabled={isDisabled} onClick={onSubmit} aria-keyshortcuts="Enter">
              {submitText} {spans.length} {spans.length === 1 ? 'span' : 'spans'} <kbd className="font-mono text-xs">Enter</kbd>
            </button>
          ) : null}
        </div>
      </div>

      <section aria-labelledby={`${hintId}-spans`} className="space-y-1">
        <h3 id={`${hintId}-spans`} className="text-sm font-semibold text-slate-900">
          Spans ({spans.length})
        </h3>
        {spans.length === 0 ? <p className="text-sm text-slate-600">No spans yet.</p> : null}
        <ol aria-label="Spans" data-testid="span-list" className="space-y-1">
          {spans.map((span) => {
            const key = keySpan(span);
            const label = labelsById.get(span.labelId);
            const isSelected = selected?.kind === 'span' && keySpan(selected.span) === key;
            return (
              <li key={key} data-span-start={span.start} data-span-end={span.end} data-label-id={span.labelId} className="flex items-center gap-2 text-sm">
                <button
                  type="button"
                  className={`flex min-h-9 min-w-0 flex-1 items-center gap-2 rounded px-2 text-left hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-sky-600 ${isSelected ? 'bg-sky-50 ring-2 ring-sky-600' : ''}`}
                  aria-pressed={isSelected}
                  disabled={isDisabled}
                  onClick={() => run({ kind: 'selectItem', item: { kind: 'span', key } })}
                >
                  <span aria-hidden="true" className="h-3 w-3 shrink-0 rounded-sm" style={{ backgroundColor: label?.color ?? '#64748b' }} />
                  <span className="shrink-0 font-medium">{label?.name ?? `label ${span.labelId}`}</span>
                  <span className="min-w-0 truncate">
                    <VisibleText text={quoteSpanText(text, span)} />
                  </span>
                </button>
                <button type="button" className="btn-secondary min-h-9 text-xs" disabled={isDisabled} onClick={() => run({ kind: 'deleteSpan', key })} aria-label={`Delete ${describeSpan(text, span, names)}`}>
                  Delete
                </button>
              </li>
            );
          })}
        </ol>
      </section>

      {openSuggestions.length > 0 ? (
        <section aria-labelledby={`${hintId}-suggestions`} className="space-y-1">
          <h3 id={`${hintId}-suggestions`} className="text-sm font-semibold text-slate-900">
            Suggestions ({openSuggestions.length})
          </h3>
          <ol aria-label="Suggestions" data-testid="suggestion-list" className="space-y-1">
            {openSuggestions.map((suggestion) => {
              const key = keySpan(suggestion);
              const label = labelsById.get(suggestion.labelId);
              const isSelected = selected?.kind === 'suggestion' && keySpan(selected.span) === key;
              const check = checkSpanOverlap(spans, suggestion, allowOverlap);
              const description = describeSpan(text, suggestion, names);
              return (
                <li key={key} data-span-start={suggestion.start} data-span-end={suggestion.end} data-label-id={suggestion.labelId} className="flex flex-wrap items-center gap-2 text-sm">
                  <button
                    type="button"
                    className={`flex min-h-9 min-w-0 flex-1 items-center gap-2 rounded border border-dashed border-slate-300 px-2 text-left hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-sky-600 ${isSelected ? 'bg-sky-50 ring-2 ring-sky-600' : ''}`}
                    aria-pressed={isSelected}
                    disabled={isDisabled}
                    onClick={() => run({ kind: 'selectItem', item: { kind: 'suggestion', key } })}
                  >
                    <span aria-hidden="true" className="h-3 w-3 shrink-0 rounded-sm border-2 border-dashed" style={{ borderColor: label?.color ?? '#64748b' }} />
                    <span className="shrink-0 font-medium">{label?.name ?? `label ${suggestion.labelId}`}</span>
                    <span className="min-w-0 truncate">
                      <VisibleText text={quoteSpanText(text, suggestion)} />
                    </span>
                    <span className="shrink-0 text-xs text-slate-600">
                      <VisibleText text={describeSuggestionScore(suggestion)} />
                    </span>
                  </button>
                  <button type="button" className="btn-secondary min-h-9 text-xs" disabled={isDisabled} onClick={() => run({ kind: 'acceptSuggestion', key })} aria-label={`Accept ${description}`}>
                    Accept
                  </button>
                  {!check.isAllowed && check.code === 'overlap' ? (
                    <button
                      type="button"
                      className="btn-secondary min-h-9 text-xs"
                      disabled={isDisabled}
                      onClick={() => run({ kind: 'acceptSuggestion', key, isReplacing: true })}
                      aria-label={`Replace ${describeSpan(text, check.conflicting, names)} with ${description}`}
                    >
                      Replace
                    </button>
                  ) : null}
                  <button type="button" className="btn-secondary min-h-9 text-xs" disabled={isDisabled} onClick={() => run({ kind: 'dismissSuggestion', key })} aria-label={`Dismiss ${description}`}>
                    Dismiss
                  </button>
                </li>
              );
            })}
          </ol>
        </section>
      ) : null}
    </div>
  );
}

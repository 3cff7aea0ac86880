import { checkSpanOverlap } from '@/ml/spans/check-span-overlap';
import { findTouchedTokens } from '@/ml/spans/find-token';
import { markGraphemeBoundaries } from '@/ml/spans/segment-graphemes';
import { moveSpanEdge, snapSelectionToTokens, type TSpanEdge, type TWordDirection } from '@/ml/spans/snap-selection';
import { compareSpans, type TSpan, type TTextRange, type TToken } from '@/ml/spans/span-types';
import { validateSpan } from '@/ml/spans/validate-span';
import { describeSpan, quoteSpanText } from './describe-span';

/**
 * The span editor's own state and every edit as a pure function of it. The spans themselves are
 * the parent's (controlled): a command returns the next spans, or null when it leaves them alone.
 * Everything else (the cursor, the pending selection, which span or suggestion is selected, the
 * dismissed suggestions, the last message) lives here, keyed by span identity rather than index so
 * an undo or a new item in the parent cannot leave it pointing at the wrong span.
 */

/** A pre-annotation (a model's, or a disputed span in review): shown apart, accepted or ignored. */
export type TSpanSuggestion = TSpan & { score: number; note?: string };

export type TSpanItemKind = 'span' | 'suggestion';
export type TSelectedItem = { kind: TSpanItemKind; key: string };

export type TSpanEditorState = {
  /** Index of the token the keyboard acts on when nothing is selected. */
  cursor: number;
  /** A selection not labeled yet (token-snapped). */
  pending: TTextRange | null;
  /** The edge Shift+arrows move: the focus end of the selection, as in a text field. */
  activeEdge: TSpanEdge;
  selected: TSelectedItem | null;
  dismissed: readonly string[];
  message: { isRefusal: boolean; text: string } | null;
};

export type TSpanEditorContext = {
  text: string;
  tokens: readonly TToken[];
  spans: readonly TSpan[];
  suggestions: readonly TSpanSuggestion[];
  labels: readonly { id: number; name: string }[];
  allowOverlap: boolean;
};

export type TSpanCommand =
  | { kind: 'moveCursor'; direction: TWordDirection }
  | { kind: 'moveCursorToEnd'; end: 'first' | 'last' }
  | { kind: 'placeCursor'; offset: number }
  | { kind: 'selectRange'; start: number; end: number }
  | { kind: 'extend'; direction: TWordDirection; edge?: TSpanEdge }
  | { kind: 'applyLabel'; labelId: number }
  | { kind: 'selectItem'; item: TSelectedItem }
  | { kind: 'stepItem'; step: 1 | -1 }
  | { kind: 'deleteSelected' }
  | { kind: 'deleteSpan'; key: string }
  | { kind: 'acceptSuggestion'; key?: string; isReplacing?: boolean }
  | { kind: 'acceptAllSuggestions' }
  | { kind: 'dismissSuggestion'; key?: string }
  | { kind: 'clear' };

export type TSpanCommandResult = { state: TSpanEditorState; spans: TSpan[] | null };

export const INITIAL_SPAN_EDITOR_STATE: TSpanEditorState = { cursor: 0, pending: null, activeEdge: 'end', selected: null, dismissed: [], message: null };

export function keySpan(span: TSpan): string {
  return `${span.start}:${span.end}:${span.labelId}`;
}

/**
 * Suggestions still on offer, in text order: valid for this text and label set, not dismissed, not
 * already a span (same range and label), one per range and label.
 */
export function listOpenSuggestions(context: TSpanEditorContext, dismissed: readonly string[]): TSpanSuggestion[] {
  const taken = new Set([...context.spans.map(keySpan), ...dismissed]);
  const labelIds = new Set(context.labels.map((label) => label.id));
  const boundaries = markGraphemeBoundaries(context.text);
  const open: TSpanSuggestion[] = [];
  for (const suggestion of context.suggestions) {
    const key = keySpan(suggestion);
    if (taken.has(key) || !validateSpan(context.text, suggestion, labelIds, boundaries).isValid) continue;
    taken.add(key);
    open.push(suggestion);
  }
  return open.sort(compareSpans);
}

/** Spans and open suggestions in text order (a span before a suggestion at the same place): what ] and [ walk. */
export function listNavigableItems(context: TSpanEditorContext, dismissed: readonly string[]): { kind: TSpanItemKind; span: TSpan }[] {
  const items = [
    ...context.spans.map((span) => ({ kind: 'span' as const, span })),
    ...listOpenSuggestions(context, dismissed).map((span) => ({ kind: 'suggestion' as const, span })),
  ];
  return items.sort((a, b) => compareSpans(a.span, b.span) || (a.kind === b.kind ? 0 : a.kind === 'span' ? -1 : 1));
}

/** The selected span or suggestion as it is now, or null when it is gone (undone, accepted, dismissed). */
export function findSelectedItem(state: TSpanEditorState, context: TSpanEditorContext): { kind: TSpanItemKind; span: TSpan } | null {
  if (!state.selected) return null;
  const { kind, key } = state.selected;
  const pool = kind === 'span' ? context.spans : listOpenSuggestions(context, state.dismissed);
  const span = pool.find((candidate) => keySpan(candidate) === key);
  return span ? { kind, span } : null;
}

/** The item `step` places from the selection (or from the cursor when nothing is selected); null past either end. */
export function findSteppedItem(state: TSpanEditorState, context: TSpanEditorContext, step: 1 | -1): TSelectedItem | null {
  const items = listNavigableItems(context, state.dismissed);
  const selected = findSelectedItem(state, context);
  let index: number;
  if (selected) {
    const at = items.findIndex((item) => item.kind === selected.kind && keySpan(item.span) === keySpan(selected.span));
    index = at + step;
  } else {
    const cursorStart = context.tokens[clampCursor(state.cursor, context.tokens)]?.start ?? 0;
    index = step === 1 ? items.findIndex((item) => item.span.start >= cursorStart) : findLastIndex(items, (item) => item.span.start < cursorStart);
  }
  const item = index >= 0 ? items[index] : undefined;
  return item ? { kind: item.kind, key: keySpan(item.span) } : null;
}

function findLastIndex<T>(items: readonly T[], test: (item: T) => boolean): number {
  for (let index = items.length - 1; index >= 0; index--) if (test(items[index]!)) return index;
  return -1;
}

function clampCursor(cursor: number, tokens: readonly TToken[]): number {
  return Math.max(0, Math.min(tokens.length - 1, cursor));
}

/** The token index a range starts or ends with (the first token touching it from that side). */
function findTokenAt(tokens: readonly TToken[], range: TTextRange, side: 'first' | 'last'): number {
  const touched = findTouchedTokens(tokens, range.start, range.end);
  if (!touched) return 0;
  return side === 'first' ? touched[0] : touched[1];
}

/** What the keyboard currently covers: the selected item, the pending selection, or the cursor's token. */
export function findFocusRange(state: TSpanEditorState, context: TSpanEditorContext): TTextRange | null {
  const selected = findSelectedItem(state, context);
  if (selected) return { start: selected.span.start, end: selected.span.end };
  if (state.pending) return state.pending;
  const token = context.tokens[clampCursor(state.cursor, context.tokens)];
  return token ? { start: token.start, end: token.end } : null;
}

function sortSpans(spans: readonly TSpan[]): TSpan[] {
  return [...spans].sort(compareSpans);
}

function refuse(state: TSpanEditorState, text: string): TSpanCommandResult {
  return { state: { ...state, message: { isRefusal: true, text } }, spans: null };
}

function tell(state: TSpanEditorState, text: string | null, spans: TSpan[] | null = null): TSpanCommandResult {
  return { state: { ...state, message: text === null ? null : { isRefusal: false, text } }, spans };
}

/** Why checkSpanOverlap refused, naming the span in the way (by its text and label, not its offsets). */
function explainRefusal(context: TSpanEditorContext, names: ReadonlyMap<number, string>, check: Exclude<ReturnType<typeof checkSpanOverlap>, { isAllowed: true }>, what: string): string {
  const conflicting = describeSpan(context.text, check.conflicting, names);
  return check.code === 'duplicate'
    ? `${what}: ${conflicting} is already there.`
    : `${what}: it overlaps ${conflicting}, and this project does not allow overlapping spans.`;
}

export function applySpanCommand(state: TSpanEditorState, command: TSpanCommand, context: TSpanEditorContext): TSpanCommandResult {
  const { tokens, text } = context;
  const names = new Map(context.labels.map((label) => [label.id, label.name]));
  const selected = findSelectedItem(state, context);
  const cleared: TSpanEditorState = { ...state, pending: null, selected: null, activeEdge: 'end', message: null };

  switch (command.kind) {
    case 'moveCursor': {
      if (tokens.length === 0) return tell(cleared, null);
      const range = findFocusRange(state, context);
      const hasRange = selected !== null || state.pending !== null;
      let cursor = clampCursor(state.cursor, tokens);
      if (hasRange && range) cursor = command.direction === 'forward' ? findTokenAt(tokens, range, 'last') + 1 : findTokenAt(tokens, range, 'first') - 1;
      else cursor += command.direction === 'forward' ? 1 : -1;
      return tell({ ...cleared, cursor: clampCursor(cursor, tokens) }, null);
    }
    case 'moveCursorToEnd':
      return tell({ ...cleared, cursor: command.end === 'first' ? 0 : Math.max(0, tokens.length - 1) }, null);
    case 'placeCursor': {
      const touched = findTouchedTokens(tokens, command.offset, command.offset);
      return tell(touched ? { ...cleared, cursor: touched[0] } : cleared, null);
    }
    case 'selectRange': {
      const range = snapSelectionToTokens(tokens, command.start, command.end);
      if (!range) return tell(cleared, null);
      return tell({ ...cleared, pending: range, cursor: findTokenAt(tokens, range, 'last') }, null);
    }
    case 'extend': {
      const base = selected ? { start: selected.span.start, end: selected.span.end } : (state.pending ?? findFocusRange(state, context));
      if (!base) return tell(state, null);
      let edge = command.edge ?? (selected ? state.activeEdge : state.pending ? state.activeEdge : command.direction === 'forward' ? 'end' : 'start');
      let range = moveSpanEdge(tokens, base, edge, command.direction);
      // At one token the focus end cannot shrink any further: it crosses over and grows the other way.
      if (command.edge === undefined && range.start === base.start && range.end === base.end) {
        const other: TSpanEdge = edge === 'end' ? 'start' : 'end';
        const crossed = moveSpanEdge(tokens, base, other, command.direction);
        if (crossed.start !== base.start || crossed.end !== base.end) {
          edge = other;
          range = crossed;
        }
      }
      const cursor = findTokenAt(tokens, range, edge === 'end' ? 'last' : 'first');
      if (!selected || selected.kind === 'suggestion') {
        // A suggestion is not resized in place: it becomes a selection to label.
        return tell({ ...state, pending: range, selected: null, activeEdge: edge, cursor, message: null }, null);
      }
      if (range.start === base.start && range.end === base.end) return tell({ ...state, activeEdge: edge }, null);
      const others = context.spans.filter((span) => keySpan(span) !== keySpan(selected.span));
      const resized: TSpan = { ...range, labelId: selected.span.labelId };
      const check = checkSpanOverlap(others, resized, context.allowOverlap);
      if (!check.isAllowed) return refuse(state, explainRefusal(context, names, check, 'Not resized'));
      return tell({ ...state, selected: { kind: 'span', key: keySpan(resized) }, activeEdge: edge, cursor }, `Resized to ${describeSpan(text, resized, names)}.`, sortSpans([...others, resized]));
    }
    case 'applyLabel': {
      if (!names.has(command.labelId)) return tell(state, null);
      if (selected?.kind === 'span') {
        if (selected.span.labelId === command.labelId) return tell(state, null);
        const others = context.spans.filter((span) => keySpan(span) !== keySpan(selected.span));
        const relabeled = { ...selected.span, labelId: command.labelId };
        const check = checkSpanOverlap(others, relabeled, context.allowOverlap);
        if (!check.isAllowed) return refuse(state, explainRefusal(context, names, check, 'Not relabeled'));
        return tell({ ...state, selected: { kind: 'span', key: keySpan(relabeled) } }, `Relabeled ${describeSpan(text, relabeled, names)}.`, sortSpans([...others, relabeled]));
      }
      const range = selected ? selected.span : (state.pending ?? findFocusRange(state, context));
      if (!range) return refuse(state, 'There is no text to label.');
      return addSpan(state, context, names, { start: range.start, end: range.end, labelId: command.labelId }, selected ? keySpan(selected.span) : null);
    }
    case 'selectItem': {
      const item = command.item;
      const next = { ...cleared, selected: item };
      const found = findSelectedItem(next, context);
      if (!found) return tell(cleared, null);
      return tell({ ...next, cursor: findTokenAt(tokens, found.span, 'first') }, null);
    }
    case 'stepItem': {
      // ] and [ go round; Tab, which must be able to leave the text, uses findSteppedItem alone.
      const items = listNavigableItems(context, state.dismissed);
      const around = command.step === 1 ? items[0] : items.at(-1);
      const item = findSteppedItem(state, context, command.step) ?? (around ? { kind: around.kind, key: keySpan(around.span) } : null);
      if (!item) return tell(state, null);
      return applySpanCommand(state, { kind: 'selectItem', item }, context);
    }
    case 'deleteSelected':
      if (!selected) return tell(state, null);
      return selected.kind === 'span'
        ? applySpanCommand(state, { kind: 'deleteSpan', key: keySpan(selected.span) }, context)
        : applySpanCommand(state, { kind: 'dismissSuggestion', key: keySpan(selected.span) }, context);
    case 'deleteSpan': {
      const span = context.spans.find((candidate) => keySpan(candidate) === command.key);
      if (!span) return tell(state, null);
      const isSelected = selected?.kind === 'span' && keySpan(selected.span) === command.key;
      const next = isSelected ? { ...cleared, cursor: findTokenAt(tokens, span, 'first') } : state;
      return tell(next, `Deleted ${describeSpan(text, span, names)}.`, context.spans.filter((candidate) => keySpan(candidate) !== command.key));
    }
    case 'acceptSuggestion': {
      const key = command.key ?? (selected?.kind === 'suggestion' ? keySpan(selected.span) : null);
      const suggestion = listOpenSuggestions(context, state.dismissed).find((candidate) => keySpan(candidate) === key);
      if (!suggestion) return tell(state, null);
      const span = { start: suggestion.start, end: suggestion.end, labelId: suggestion.labelId };
      if (command.isReplacing && !context.allowOverlap) {
        const kept = context.spans.filter((other) => !(other.start < span.end && span.start < other.end));
        return addSpan(state, { ...context, spans: kept }, names, span, key);
      }
      return addSpan(state, context, names, span, key);
    }
    case 'acceptAllSuggestions': {
      const open = listOpenSuggestions(context, state.dismissed);
      if (open.length === 0) return tell(state, null);
      let spans = [...context.spans];
      const refused: string[] = [];
      for (const suggestion of open) {
        const span = { start: suggestion.start, end: suggestion.end, labelId: suggestion.labelId };
        const check = checkSpanOverlap(spans, span, context.allowOverlap);
        if (check.isAllowed) spans.push(span);
        else refused.push(`${describeSpan(text, span, names)} overlaps ${describeSpan(text, check.conflicting, names)}`);
      }
      spans = sortSpans(spans);
      const accepted = open.length - refused.length;
      const summary = `Accepted ${accepted} ${accepted === 1 ? 'suggestion' : 'suggestions'}.`;
      if (refused.length === 0) return tell({ ...state, selected: null }, summary, spans);
      const result = refuse({ ...state, selected: null }, `${summary} Not added: ${refused.join('; ')}, and this project does not allow overlapping spans.`);
      return { ...result, spans: accepted > 0 ? spans : null };
    }
    case 'dismissSuggestion': {
      const key = command.key ?? (selected?.kind === 'suggestion' ? keySpan(selected.span) : null);
      const suggestion = listOpenSuggestions(context, state.dismissed).find((candidate) => keySpan(candidate) === key);
      if (!suggestion || key === null) return tell(state, null);
      const isSelected = selected?.kind === 'suggestion' && keySpan(selected.span) === key;
      return tell({ ...(isSelected ? cleared : state), dismissed: [...state.dismissed, key] }, `Dismissed the suggestion ${describeSpan(text, suggestion, names)}.`);
    }
    case 'clear':
      return tell(cleared, null);
  }
}

/**
 * Adds `span` under the overlap rule; on success the new span is selected (so its label key can
 * still be changed, or Delete takes it back) and the cursor sits on its last token.
 */
function addSpan(state: TSpanEditorState, context: TSpanEditorContext, names: ReadonlyMap<number, string>, span: TSpan, fromSuggestion: string | null): TSpanCommandResult {
  const check = checkSpanOverlap(context.spans, span, context.allowOverlap);
  if (!check.isAllowed) return refuse(state, explainRefusal(context, names, check, `Not added ${quoteSpanText(context.text, span)}`));
  const next: TSpanEditorState = {
    ...state,
    pending: null,
    activeEdge: 'end',
    selected: { kind: 'span', key: keySpan(span) },
    cursor: findTokenAt(context.tokens, span, 'last'),
  };
  const verb = fromSuggestion === null ? 'Added' : 'Accepted';
  return tell(next, `${verb} ${describeSpan(context.text, span, names)}.`, sortSpans([...context.spans, span]));
}

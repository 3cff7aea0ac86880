import { describe, expect, it } from 'vitest';
import type { TSpan } from '@/ml/spans/span-types';
import { HARD_TEXT } from '@/ml/spans/text-geometry.fixtures';
import { tokenizeText } from '@/ml/spans/tokenize-text';
import { applySpanCommand, INITIAL_SPAN_EDITOR_STATE, keySpan, type TSpanCommand, type TSpanEditorContext, type TSpanEditorState, type TSpanSuggestion } from './span-editor-state';

//            0         1         2         3         4
//            01234567890123456789012345678901234567890123
const TEXT = 'Ada Lovelace met Charles Babbage in London.';
const PERSON = 1;
const PLACE = 2;
const LABELS = [
  { id: PERSON, name: 'Person' },
  { id: PLACE, name: 'Place' },
];

function contextFor(spans: TSpan[], options: { text?: string; allowOverlap?: boolean; suggestions?: TSpanSuggestion[] } = {}): TSpanEditorContext {
  const text = options.text ?? TEXT;
  return { text, tokens: tokenizeText(text), spans, suggestions: options.suggestions ?? [], labels: LABELS, allowOverlap: options.allowOverlap ?? false };
}

/** Runs commands in order, feeding each result's spans into the next context, as the parent would. */
function runAll(commands: TSpanCommand[], spans: TSpan[] = [], options: Parameters<typeof contextFor>[1] = {}) {
  let state: TSpanEditorState = INITIAL_SPAN_EDITOR_STATE;
  let current = spans;
  for (const command of commands) {
    const result = applySpanCommand(state, command, contextFor(current, options));
    state = result.state;
    if (result.spans) current = result.spans;
  }
  return { state, spans: current };
}

describe('creating spans', () => {
  it('labels a word-snapped mouse selection and selects the new span', () => {
    const { state, spans } = runAll([
      { kind: 'selectRange', start: 19, end: 6 }, // right to left, mid-word: "velace met Ch"
      { kind: 'applyLabel', labelId: PERSON },
    ]);
    expect(spans).toEqual([{ start: 4, end: 24, labelId: PERSON }]);
    expect(state.pending).toBeNull();
    expect(state.selected).toEqual({ kind: 'span', key: '4:24:1' });
    expect(state.message?.text).toBe('Added “Lovelace met Charles” (Person).');
  });

  it('labels the cursor word when nothing is selected, and extends by words with Shift+arrows', () => {
    expect(runAll([{ kind: 'applyLabel', labelId: PERSON }]).spans).toEqual([{ start: 0, end: 3, labelId: PERSON }]);
    const { spans } = runAll([
      { kind: 'moveCursor', direction: 'forward' },
      { kind: 'moveCursor', direction: 'forward' },
      { kind: 'moveCursor', direction: 'forward' }, // Charles
      { kind: 'extend', direction: 'forward' }, // Charles Babbage
      { kind: 'applyLabel', labelId: PERSON },
    ]);
    expect(spans).toEqual([{ start: 17, end: 32, labelId: PERSON }]);
  });

  it('grows backward from one word, then shrinks from the focus end as a text field does', () => {
    const start = [{ kind: 'moveCursorToEnd', end: 'last' }, { kind: 'moveCursor', direction: 'backward' }] as TSpanCommand[]; // London
    expect(runAll([...start, { kind: 'extend', direction: 'backward' }]).state.pending).toEqual({ start: 33, end: 42 }); // in London
    const { state } = runAll([...start, { kind: 'extend', direction: 'backward' }, { kind: 'extend', direction: 'backward' }, { kind: 'extend', direction: 'forward' }]);
    expect(state.pending).toEqual({ start: 33, end: 42 }); // Babbage in London, less Babbage
    expect(state.activeEdge).toBe('start');
  });

  it('refuses an overlapping span by name when overlaps are off, and only duplicates when they are on', () => {
    const existing = [{ start: 0, end: 12, labelId: PERSON }];
    const refused = runAll([{ kind: 'selectRange', start: 4, end: 16 }, { kind: 'applyLabel', labelId: PLACE }], existing);
    expect(refused.spans).toBe(existing);
    expect(refused.state.message).toEqual({ isRefusal: true, text: 'Not added “Lovelace met”: it overlaps “Ada Lovelace” (Person), and this project does not allow overlapping spans.' });
    expect(refused.state.pending).toEqual({ start: 4, end: 16 }); // kept, so another label or a resize can follow

    const allowed = runAll([{ kind: 'selectRange', start: 4, end: 16 }, { kind: 'applyLabel', labelId: PLACE }], existing, { allowOverlap: true });
    expect(allowed.spans).toHaveLength(2);
    const duplicate = runAll([{ kind: 'selectRange', start: 0, end: 12 }, { kind: 'applyLabel', labelId: PERSON }], allowed.spans, { allowOverlap: true });
    expect(duplicate.spans).toBe(allowed.spans);
    expect(duplicate.state.message?.text).toBe('Not added “Ada Lovelace”: “Ada Lovelace” (Person) is already there.');
  });
});

describe('editing a selected span', () => {
  const spans = [
    { start: 0, end: 12, labelId: PERSON },
    { start: 36, end: 42, labelId: PERSON },
  ];

  it('goes round from either end with ] and [', () => {
    expect(runAll([{ kind: 'stepItem', step: -1 }], spans).state.selected?.key).toBe('36:42:1');
    expect(runAll([{ kind: 'stepItem', step: -1 }, { kind: 'stepItem', step: 1 }], spans).state.selected?.key).toBe('0:12:1');
  });

  it('steps through spans and relabels the selected one by hotkey', () => {
    const { state, spans: next } = runAll([{ kind: 'stepItem', step: 1 }, { kind: 'stepItem', step: 1 }, { kind: 'applyLabel', labelId: PLACE }], spans);
    expect(next).toEqual([spans[0], { start: 36, end: 42, labelId: PLACE }]);
    expect(state.selected?.key).toBe('36:42:2');
  });

  it('resizes the selected span, refusing a resize into its neighbour', () => {
    const grown = runAll([{ kind: 'stepItem', step: 1 }, { kind: 'extend', direction: 'forward' }], spans);
    expect(grown.spans[0]).toEqual({ start: 0, end: 16, labelId: PERSON });
    expect(grown.state.selected?.key).toBe('0:16:1');
    const shrunk = runAll([{ kind: 'stepItem', step: 1 }, { kind: 'extend', direction: 'backward' }], spans);
    expect(shrunk.spans[0]).toEqual({ start: 0, end: 3, labelId: PERSON });
    const movedStart = runAll([{ kind: 'stepItem', step: -1 }, { kind: 'extend', direction: 'backward', edge: 'start' }], spans);
    expect(movedStart.spans[1]).toEqual({ start: 33, end: 42, labelId: PERSON }); // "in London."

    const blocked = runAll([{ kind: 'stepItem', step: 1 }, { kind: 'stepItem', step: 1 }, { kind: 'extend', direction: 'forward' }], [spans[0]!, { start: 33, end: 35, labelId: PLACE }, spans[1]!]);
    expect(blocked.state.message?.isRefusal).toBe(true);
    expect(blocked.state.message?.text).toContain('overlaps “London” (Person)');
  });

  it('deletes the selected span and puts the cursor where it was', () => {
    const { state, spans: next } = runAll([{ kind: 'stepItem', step: -1 }, { kind: 'deleteSelected' }], spans);
    expect(next).toEqual([spans[0]]);
    expect(state.selected).toBeNull();
    expect(state.message?.text).toBe('Deleted “London” (Person).');
  });

  it('forgets a selection whose span the parent removed (an undo)', () => {
    const selected = runAll([{ kind: 'stepItem', step: 1 }], spans).state;
    const result = applySpanCommand(selected, { kind: 'applyLabel', labelId: PLACE }, contextFor([spans[1]!]));
    // The selected span is gone, so the label goes to the cursor word (Ada), not to a stale span.
    expect(result.spans).toEqual([{ start: 0, end: 3, labelId: PLACE }, spans[1]]);
  });
});

describe('suggestions', () => {
  const suggestions = [
    { start: 17, end: 32, labelId: PERSON, score: 0.9 },
    { start: 36, end: 42, labelId: PLACE, score: 0.8 },
    { start: 36, end: 42, labelId: 99, score: 0.7 }, // an unknown label: never offered
  ];

  it('accepts the selected suggestion, dismisses another, and never offers one twice', () => {
    const { state, spans } = runAll(
      [
        { kind: 'stepItem', step: 1 },
        { kind: 'acceptSuggestion' },
        { kind: 'stepItem', step: 1 },
        { kind: 'deleteSelected' },
        { kind: 'acceptAllSuggestions' },
      ],
      [],
      { suggestions },
    );
    expect(spans).toEqual([{ start: 17, end: 32, labelId: PERSON }]);
    expect(state.dismissed).toEqual(['36:42:2']);
  });

  it('accepts all at once, reporting the ones the overlap rule refuses', () => {
    const { spans, state } = runAll([{ kind: 'acceptAllSuggestions' }], [{ start: 25, end: 35, labelId: PLACE }], { suggestions });
    expect(spans.map(keySpan)).toEqual(['25:35:2', '36:42:2']);
    expect(state.message?.isRefusal).toBe(true);
    expect(state.message?.text).toBe('Accepted 1 suggestion. Not added: “Charles Babbage” (Person) overlaps “Babbage in” (Place), and this project does not allow overlapping spans.');
  });

  it('replaces the spans a suggestion overlaps when asked to', () => {
    const { spans } = runAll([{ kind: 'acceptSuggestion', key: '17:32:1', isReplacing: true }], [{ start: 25, end: 35, labelId: PLACE }], { suggestions });
    expect(spans).toEqual([{ start: 17, end: 32, labelId: PERSON }]);
  });
});

describe('unicode', () => {
  it('never splits an emoji sequence, a flag, a combining mark or a CRLF', () => {
    // A drag from inside the family emoji to inside the accented word snaps out to whole tokens.
    const family = runAll([{ kind: 'selectRange', start: 5, end: 19 }, { kind: 'applyLabel', labelId: PERSON }], [], { text: HARD_TEXT });
    expect(family.spans).toEqual([{ start: 3, end: 22, labelId: PERSON }]);
    // Across the CRLF by keyboard: 👍🏽 then Shift+→ takes 𝒜bc whole.
    const thumb = runAll([{ kind: 'placeCursor', offset: 24 }, { kind: 'extend', direction: 'forward' }, { kind: 'applyLabel', labelId: PLACE }], [], { text: HARD_TEXT });
    expect(thumb.spans).toEqual([{ start: 23, end: 33, labelId: PLACE }]);
    expect(HARD_TEXT.slice(23, 33)).toBe('👍🏽\r\n𝒜bc');
  });
});

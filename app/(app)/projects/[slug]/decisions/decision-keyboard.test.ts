import { describe, expect, it } from 'vitest';
import { resolveDecisionKey } from './decision-keyboard';

const press = (key: string, modifiers: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean }> = {}) => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...modifiers,
});

describe('decision keys', () => {
  it('maps letters to answers and arrows to the queue, leaving modified keys to the browser', () => {
    expect(resolveDecisionKey(press('a'))).toEqual({ kind: 'approve' });
    expect(resolveDecisionKey(press('o'))).toEqual({ kind: 'override' });
    expect(resolveDecisionKey(press('r'))).toEqual({ kind: 'reject' });
    expect(resolveDecisionKey(press('e'))).toEqual({ kind: 'escalate' });
    expect(resolveDecisionKey(press('ArrowDown'))).toEqual({ kind: 'next' });
    expect(resolveDecisionKey(press('k'))).toEqual({ kind: 'previous' });
    expect(resolveDecisionKey(press('?', { shiftKey: true }))).toEqual({ kind: 'help' });
    expect(resolveDecisionKey(press('A', { shiftKey: true }))).toEqual({ kind: 'none' });
    expect(resolveDecisionKey(press('r', { ctrlKey: true }))).toEqual({ kind: 'none' });
    expect(resolveDecisionKey(press('x'))).toEqual({ kind: 'none' });
  });
});

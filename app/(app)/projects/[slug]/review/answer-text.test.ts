import { describe, expect, it } from 'vitest';
import { describeAnswer, hasAnswer, toAnswerInput } from './answer-text';

const names = new Map([
  [1, 'sports'],
  [2, 'politics'],
]);
const labelName = (id: number | null) => (id === null ? '—' : (names.get(id) ?? `#${id}`));

describe('answers in words', () => {
  it('names a label, a set and an empty set', () => {
    expect(describeAnswer({ labelId: 2 }, labelName)).toBe('politics');
    expect(describeAnswer({ labelId: null, value: { labelIds: [1, 2] } }, labelName)).toBe('sports, politics');
    expect(describeAnswer({ labelId: null, value: { labelIds: [] } }, labelName)).toBe('none of these');
    expect(describeAnswer({ labelId: null, value: null }, labelName)).toBe('—');
  });

  it('knows an empty set is an answer and no answer is not', () => {
    expect(hasAnswer({ labelId: null, value: { labelIds: [] } })).toBe(true);
    expect(hasAnswer({ labelId: null, value: null })).toBe(false);
    expect(toAnswerInput({ labelId: null, value: { labelIds: [] } })).toEqual({ value: { labelIds: [] } });
    expect(toAnswerInput({ labelId: 3, value: null })).toEqual({ labelId: 3 });
  });
});

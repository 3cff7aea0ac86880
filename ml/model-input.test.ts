import { describe, expect, it } from 'vitest';
import { findModelInputConflict } from './model-input';
import { DEFAULT_MODEL_KINDS, MC_DROPOUT_MODEL_KINDS, MODEL_KIND_INPUT, MODEL_KINDS } from './model-kinds';

describe('model kinds and what projects label', () => {
  it('lets text projects train only text models and image projects only image models', () => {
    expect(findModelInputConflict('text', 'softmax')).toBeNull();
    expect(findModelInputConflict('text', 'mlp')).toBeNull();
    expect(findModelInputConflict('image', 'cnn')).toBeNull();
    expect(findModelInputConflict('image', 'pixel-softmax')).toBeNull();
    expect(findModelInputConflict('image', 'softmax')).toBe('the softmax regression model reads texts; image projects train CNN or pixel softmax regression');
    expect(findModelInputConflict('text', 'cnn')).toBe('the CNN model reads images; text projects train softmax regression or MLP');
  });

  it('defaults and MC-dropout kinds fit their own input', () => {
    for (const input of ['text', 'image'] as const) {
      expect(MODEL_KIND_INPUT[DEFAULT_MODEL_KINDS[input]]).toBe(input);
      expect(MODEL_KIND_INPUT[MC_DROPOUT_MODEL_KINDS[input]]).toBe(input);
    }
    expect(MODEL_KINDS.every((kind) => MODEL_KIND_INPUT[kind] !== undefined)).toBe(true);
  });
});

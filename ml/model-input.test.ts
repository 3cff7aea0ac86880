import { describe, expect, it } from 'vitest';
import { findModelInputConflict } from './model-input';
import { DEFAULT_MODEL_KINDS, MC_DROPOUT_MODEL_KINDS, MODEL_INPUTS, MODEL_KIND_INPUT, MODEL_KINDS } from './model-kinds';

describe('model kinds and what projects label', () => {
  it('lets text projects train only text models and image projects only image models', () => {
    expect(findModelInputConflict('text', 'softmax')).toBeNull();
    expect(findModelInputConflict('text', 'mlp')).toBeNull();
    expect(findModelInputConflict('image', 'cnn')).toBeNull();
    expect(findModelInputConflict('image', 'pixel-softmax')).toBeNull();
    expect(findModelInputConflict('image', 'softmax')).toBe('the softmax regression model reads texts; image projects train CNN or pixel softmax regression');
    expect(findModelInputConflict('text', 'cnn')).toBe('the CNN model reads images; text projects train softmax regression or MLP');
  });

  it('lets span projects train only the BIO token tagger, and no other project train it', () => {
    expect(findModelInputConflict('span', 'bio-tagger', 'spans')).toBeNull();
    expect(findModelInputConflict('span', 'softmax', 'spans')).toBe('the softmax regression model reads texts; span projects train BIO token tagger');
    expect(findModelInputConflict('text', 'bio-tagger')).toBe('the BIO token tagger model reads spans; text projects train softmax regression or MLP');
  });

  it('lets multi-label projects train only the model that predicts label sets, and single-label projects never it', () => {
    expect(findModelInputConflict('text', 'sigmoid', 'multi_label')).toBeNull();
    expect(findModelInputConflict('text', 'softmax', 'multi_label')).toBe('the softmax regression model predicts one label per item; multi-label projects train one-vs-rest sigmoid');
    expect(findModelInputConflict('text', 'sigmoid')).toBe('the one-vs-rest sigmoid model predicts a set of labels per item; single-label projects train softmax regression or MLP');
    expect(findModelInputConflict('image', 'sigmoid', 'multi_label')).toBe('the one-vs-rest sigmoid model reads texts; no image model predicts a set of labels per item');
  });

  it('defaults and MC-dropout kinds fit their own input', () => {
    for (const input of MODEL_INPUTS) {
      expect(MODEL_KIND_INPUT[DEFAULT_MODEL_KINDS[input]]).toBe(input);
      const dropoutKind = MC_DROPOUT_MODEL_KINDS[input];
      if (dropoutKind) expect(MODEL_KIND_INPUT[dropoutKind]).toBe(input);
    }
    // Span projects' tagger has no dropout: BALD is refused there, not rerouted.
    expect(MC_DROPOUT_MODEL_KINDS.span).toBeUndefined();
    expect(MODEL_KINDS.every((kind) => MODEL_KIND_INPUT[kind] !== undefined)).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { chooseModelKind, chooseServableStrategy, findStrategyModelConflict, findStrategyTaskConflict, listModelStrategies } from './strategy-model';

describe('strategy and model compatibility', () => {
  it('refuses BALD on the softmax model and accepts it on the MLP', () => {
    expect(findStrategyModelConflict('bald', 'softmax')).toBe('BALD needs the MLP model (MC dropout)');
    expect(findStrategyModelConflict('bald', 'mlp')).toBeNull();
    expect(findStrategyModelConflict('margin', 'softmax')).toBeNull();
  });

  it('trains the MLP for BALD whatever kind was asked for', () => {
    expect(chooseModelKind('bald', 'softmax')).toBe('mlp');
    expect(chooseModelKind('margin', 'softmax')).toBe('softmax');
    expect(chooseModelKind('entropy', 'mlp')).toBe('mlp');
  });

  it('serves entropy from a model that cannot give MC-dropout samples', () => {
    expect(chooseServableStrategy('bald', 'softmax')).toBe('entropy');
    expect(chooseServableStrategy('bald', 'mlp')).toBe('bald');
    expect(chooseServableStrategy('committee', 'softmax')).toBe('committee');
  });

  it('asks BALD on images for the CNN, never for a text model', () => {
    expect(findStrategyModelConflict('bald', 'pixel-softmax')).toBe('BALD needs the CNN model (MC dropout)');
    expect(findStrategyModelConflict('bald', 'cnn')).toBeNull();
    expect(chooseModelKind('bald', 'pixel-softmax')).toBe('cnn');
    expect(chooseModelKind('margin', 'pixel-softmax')).toBe('pixel-softmax');
    expect(chooseServableStrategy('bald', 'pixel-softmax')).toBe('entropy');
  });

  it('serves label sets only with the multi-label strategies, and one label only with the single-label ones', () => {
    expect(findStrategyModelConflict('mean_binary_entropy', 'sigmoid')).toBeNull();
    expect(findStrategyModelConflict('random', 'sigmoid')).toBeNull();
    expect(findStrategyModelConflict('margin', 'sigmoid')).toBe(
      'Margin ranks one label per item; the one-vs-rest sigmoid model of a multi-label project samples by random, mean binary entropy, closest to a threshold',
    );
    expect(findStrategyModelConflict('threshold_proximity', 'softmax')).toBe(
      'Closest to a threshold ranks label sets; the softmax regression model predicts one label per item and samples by random, least confidence, margin, entropy, bald, query by committee',
    );
    expect(listModelStrategies('sigmoid').map((s) => s.id)).toEqual(['random', 'mean_binary_entropy', 'threshold_proximity']);
    // BALD never swaps a multi-label project's model for the MLP.
    expect(chooseModelKind('bald', 'sigmoid')).toBe('sigmoid');
    expect(chooseServableStrategy('mean_binary_entropy', 'softmax')).toBe('entropy');
  });

  it('serves span projects the strategies that apply token by token, and refuses BALD and committees there', () => {
    for (const strategy of ['random', 'least_confidence', 'margin', 'entropy'] as const) expect(findStrategyModelConflict(strategy, 'bio-tagger')).toBeNull();
    expect(findStrategyModelConflict('bald', 'bio-tagger')).toMatch(/^BALD does not apply to span projects: their BIO token tagger has no dropout and no committee/);
    expect(findStrategyTaskConflict('committee', 'bio-tagger')).toMatch(/^Query by committee does not apply to span projects/);
    // Text projects never refuse a strategy outright: BALD trains the MLP instead.
    expect(findStrategyTaskConflict('bald', 'softmax')).toBeNull();
    expect(chooseModelKind('bald', 'bio-tagger')).toBe('bio-tagger');
    expect(chooseServableStrategy('bald', 'bio-tagger')).toBe('entropy');
  });
});

import { describe, expect, it } from 'vitest';
import { chooseModelKind, chooseServableStrategy, findStrategyInputConflict, findStrategyModelConflict } from './strategy-model';

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

  it('serves span projects the strategies that apply token by token, and refuses BALD and committees there', () => {
    for (const strategy of ['random', 'least_confidence', 'margin', 'entropy'] as const) expect(findStrategyModelConflict(strategy, 'bio-tagger')).toBeNull();
    expect(findStrategyModelConflict('bald', 'bio-tagger')).toMatch(/^BALD does not apply to span projects: their BIO token tagger has no dropout and no committee/);
    expect(findStrategyInputConflict('committee', 'span')).toMatch(/^Query by committee does not apply to span projects/);
    // Text projects never refuse a strategy outright: BALD trains the MLP instead.
    expect(findStrategyInputConflict('bald', 'text')).toBeNull();
    expect(chooseModelKind('bald', 'bio-tagger')).toBe('bio-tagger');
    expect(chooseServableStrategy('bald', 'bio-tagger')).toBe('entropy');
  });
});

import { describe, expect, it } from 'vitest';
import { chooseImageInput } from './image-input';

describe('chooseImageInput', () => {
  it('takes the median shorter side, kept within 28–64 and a multiple of 4', () => {
    expect(chooseImageInput([{ width: 28, height: 28, channels: 1 }])).toEqual({ kind: 'image-pixels', height: 28, width: 28, channels: 1, resize: 'fill', normalization: 'unit' });
    const photos = [
      { width: 640, height: 480, channels: 3 },
      { width: 50, height: 41, channels: 3 },
      { width: 45, height: 90, channels: 3 },
    ];
    expect(chooseImageInput(photos)).toMatchObject({ height: 44, width: 44, channels: 3 });
    expect(chooseImageInput([{ width: 10, height: 12, channels: 1 }]).height).toBe(28);
    expect(chooseImageInput([{ width: 4000, height: 3000, channels: 3 }]).height).toBe(64);
  });

  it('is grey only when every sampled image is grey (grey + alpha counts as grey)', () => {
    expect(chooseImageInput([{ width: 32, height: 32, channels: 2 }, { width: 32, height: 32, channels: 1 }]).channels).toBe(1);
    expect(chooseImageInput([{ width: 32, height: 32, channels: 1 }, { width: 32, height: 32, channels: 4 }]).channels).toBe(3);
    expect(() => chooseImageInput([])).toThrow('at least one image');
  });
});

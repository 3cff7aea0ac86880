import { afterEach, describe, expect, it } from 'vitest';
import { createMediaContext, installMediaContext } from '@/server/services/media/media-context';
import type { TMediaStore } from '@/server/services/media/media-store';
import { getEnv } from '@/server/env';
import { openMediaStore } from './load-item-images';

describe('openMediaStore', () => {
  let restore = () => {};
  afterEach(() => restore());

  // A worker on another machine than the app server that stored the images finds them only in the
  // instance's shared store (an S3 bucket), never in a media folder of its own.
  it("reads a job's images from the instance's store, not from a local folder", async () => {
    const bucket = new Map<string, Buffer>([['a'.repeat(64), Buffer.from('image bytes')]]);
    const s3Like: TMediaStore = {
      kind: 's3',
      put: async (hash, bytes) => void bucket.set(hash, bytes),
      get: async (hash) => bucket.get(hash) ?? Promise.reject(new Error('not stored')),
    };
    restore = installMediaContext({ ...createMediaContext(getEnv()), store: s3Like });
    const store = openMediaStore();
    expect(store.kind).toBe('s3');
    expect((await store.get('a'.repeat(64))).toString()).toBe('image bytes');
  });
});

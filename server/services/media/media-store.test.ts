import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createFolderMediaStore } from './media-store';

describe('folder media store', () => {
  it('stores bytes under their hash once and reads them back', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'quorum-media-'));
    const store = createFolderMediaStore(root);
    const bytes = Buffer.from('not really an image');
    const hash = createHash('sha256').update(bytes).digest('hex');
    await store.put(hash, bytes);
    await store.put(hash, bytes);
    expect((await store.get(hash)).equals(bytes)).toBe(true);
    expect(fs.readdirSync(path.join(root, hash.slice(0, 2)))).toEqual([hash]);
  });

  it('refuses a name that is not a hash, so nothing outside the folder can be read', async () => {
    const store = createFolderMediaStore(os.tmpdir());
    await expect(store.get('../../etc/passwd')).rejects.toThrow('not a media hash');
  });
});

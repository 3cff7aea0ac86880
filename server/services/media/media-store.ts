import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { TMediaStorage } from '@/db/schema/media';

/**
 * Where image bytes live, addressed by the SHA-256 (hex) of the bytes. The database keeps the
 * description (media_objects); the bytes stay out of it so backups and the items table stay small.
 */
export type TMediaStore = {
  readonly kind: TMediaStorage;
  /** Stores the bytes under their hash; storing the same bytes again changes nothing. */
  put(hash: string, bytes: Buffer): Promise<void>;
  /** The stored bytes; throws when the hash is not stored. */
  get(hash: string): Promise<Buffer>;
};

const HASH = /^[0-9a-f]{64}$/;

/** A hash is also a file name: anything else could walk out of the folder. */
export function assertMediaHash(hash: string): void {
  if (!HASH.test(hash)) throw new Error('not a media hash');
}

/** Files under root/ab/abcdef…, 256 subfolders so no folder grows to millions of entries. */
export function createFolderMediaStore(root: string): TMediaStore {
  const locate = (hash: string) => {
    assertMediaHash(hash);
    return path.join(root, hash.slice(0, 2), hash);
  };
  return {
    kind: 'folder',
    async put(hash, bytes) {
      const target = locate(hash);
      try {
        await fs.access(target);
        return;
      } catch {
        // Not stored yet.
      }
      await fs.mkdir(path.dirname(target), { recursive: true });
      // Written aside then renamed, so a reader never sees half a file and a crash leaves no torn one.
      const partial = `${target}.${randomUUID()}.part`;
      await fs.writeFile(partial, bytes);
      await fs.rename(partial, target);
    },
    get: async (hash) => fs.readFile(locate(hash)),
  };
}

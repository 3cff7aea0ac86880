import { createHash } from 'node:crypto';
import type { Database } from '@/db/client';
import { mediaObjects } from '@/db/schema';
import type { TMediaContext } from './media-context';
import { normalizeImage } from './normalize-image';

export type TStoredImage = { hash: string; contentType: string; bytes: number; width: number; height: number };

/**
 * Checks and stores one untrusted image: decoded and re-encoded (normalizeImage), addressed by the
 * SHA-256 of the stored bytes, described in media_objects. Storing the same image again (in any
 * project) stores nothing new. The bytes are written before the row, so a row always has its bytes;
 * a crash between the two leaves only an unreferenced file. Throws ImageRejectedError for a file
 * that is not an acceptable image.
 */
export async function storeImage(db: Database, media: Pick<TMediaContext, 'store' | 'limits'>, input: Uint8Array): Promise<TStoredImage> {
  const image = await normalizeImage(input, media.limits);
  const hash = createHash('sha256').update(image.bytes).digest('hex');
  await media.store.put(hash, image.bytes);
  const stored = { hash, contentType: image.contentType, bytes: image.bytes.byteLength, width: image.width, height: image.height };
  await db
    .insert(mediaObjects)
    .values({ ...stored, storage: media.store.kind })
    .onConflictDoNothing();
  return stored;
}

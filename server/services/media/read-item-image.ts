import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import sharp from 'sharp';
import type { Database } from '@/db/client';
import { items, mediaObjects } from '@/db/schema';
import { AppError } from '@/server/errors';
import { assertMediaHash } from './media-store';
import type { TMediaContext } from './media-context';
import { IMAGE_SIZE_BOX, type TImageSize } from './image-sizes';

export type TItemImage = { bytes: Buffer; contentType: string; hash: string; fileName: string };

/**
 * An item's image at one size. The item must belong to the project: who may see an image is decided
 * by the items pointing at it, never by knowing its hash. Resized copies are WebP, made by sharp on
 * first request and kept on disk by hash and size (the image behind a hash never changes); an image
 * already inside the box is served as stored.
 */
export async function readItemImage(db: Database, media: Pick<TMediaContext, 'store' | 'thumbnailDir'>, projectId: number, itemId: number, size: TImageSize): Promise<TItemImage> {
  const [row] = await db
    .select({ hash: mediaObjects.hash, contentType: mediaObjects.contentType, width: mediaObjects.width, height: mediaObjects.height, text: items.text })
    .from(items)
    .innerJoin(mediaObjects, eq(mediaObjects.hash, items.mediaHash))
    .where(and(eq(items.id, itemId), eq(items.projectId, projectId)));
  if (!row) throw new AppError('NOT_FOUND', 'This item has no image');
  const fileName = row.text;
  if (size === 'original' || Math.max(row.width, row.height) <= IMAGE_SIZE_BOX[size]) {
    return { bytes: await media.store.get(row.hash), contentType: row.contentType, hash: row.hash, fileName };
  }
  return { bytes: await readResized(media, row.hash, IMAGE_SIZE_BOX[size]), contentType: 'image/webp', hash: row.hash, fileName };
}

async function readResized(media: Pick<TMediaContext, 'store' | 'thumbnailDir'>, hash: string, box: number): Promise<Buffer> {
  assertMediaHash(hash);
  const target = path.join(media.thumbnailDir, String(box), hash.slice(0, 2), `${hash}.webp`);
  try {
    return await fs.readFile(target);
  } catch {
    // Not made yet.
  }
  const resized = await sharp(await media.store.get(hash))
    .resize({ width: box, height: box, fit: 'inside', withoutEnlargement: true })
    .webp({ quality: 82 })
    .toBuffer();
  await fs.mkdir(path.dirname(target), { recursive: true });
  // Aside then renamed: two first requests at once both write whole files, and the last rename wins.
  const partial = `${target}.${randomUUID()}.part`;
  await fs.writeFile(partial, resized);
  await fs.rename(partial, target);
  return resized;
}

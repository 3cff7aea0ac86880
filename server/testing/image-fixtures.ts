import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { items, mediaObjects } from '@/db/schema';
import { generateSyntheticImages } from '@/ml/fixtures/synthetic-images';
import type { TMediaStore } from '@/server/services/media/media-store';
import { listProjectLabels } from '@/server/services/projects/projects';
import type { TSeededItem } from './learning-fixtures';

/**
 * An image project's items for the learning loop: synthetic stroke images (ml/fixtures) stored as
 * PNG files in `store`, described in media_objects and pointed at by items.media_hash, with the
 * file name as the item's text. The task type is set here, so a project made by any helper will do.
 */
export async function seedImageItems(
  db: Database,
  projectId: number,
  store: TMediaStore,
  { perClass, side = 12, seed = 1 }: { perClass: number; side?: number; seed?: number },
): Promise<{ items: TSeededItem[]; labelIds: number[] }> {
  await db.execute(sql`update projects set task_type = 'image_classification' where id = ${projectId}`);
  const labelIds = (await listProjectLabels(db, projectId)).map((label) => label.id);
  const { images, labels } = generateSyntheticImages({ numClasses: labelIds.length, perClass, side, seed });
  const size = side * side;
  const rows: (typeof items.$inferInsert)[] = [];
  for (let i = 0; i < images.count; i++) {
    const png = await sharp(Buffer.from(images.pixels.subarray(i * size, (i + 1) * size)), { raw: { width: side, height: side, channels: 1 } })
      .toColourspace('b-w')
      .png()
      .toBuffer();
    const hash = createHash('sha256').update(png).digest('hex');
    await store.put(hash, png);
    await db.insert(mediaObjects).values({ hash, contentType: 'image/png', bytes: png.length, width: side, height: side, storage: 'folder' }).onConflictDoNothing();
    rows.push({ projectId, externalId: `image-${seed}-${i}`, contentHash: hash, text: `image-${i}.png`, mediaHash: hash, priority: 0.5 });
  }
  const inserted = await db.insert(items).values(rows).returning({ id: items.id });
  return { items: inserted.map((row, i) => ({ id: row.id, label: labels[i]!, text: rows[i]!.text })), labelIds };
}

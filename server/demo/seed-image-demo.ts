import { eq, sql } from 'drizzle-orm';
import sharp from 'sharp';
import type { Database } from '@/db/client';
import { items, projectMembers } from '@/db/schema';
import { addImageItem } from '@/server/services/media/add-image-item';
import type { TMediaContext } from '@/server/services/media/media-context';
import { buildDefaultLabels } from '@/server/services/projects/label-set';
import { createProject, findProjectIdBySlug } from '@/server/services/projects/projects';
import { DEMO_USERS } from './seed-demo';

export const IMAGE_DEMO_SLUG = 'shapes-demo';
const IMAGE_COUNT = 40;
const SIZE = 96;

/**
 * A small image project to try image labeling on: circles and squares drawn here, deterministically
 * (nothing is downloaded), in varying colours, sizes and places. Under a second to seed; a seeded
 * project is left as it is.
 */
export async function seedImageDemo(db: Database, media: Pick<TMediaContext, 'store' | 'limits'>, userIdsByEmail: Map<string, string>): Promise<{ projectId: number; created: number }> {
  let projectId = await findProjectIdBySlug(db, IMAGE_DEMO_SLUG);
  if (projectId === null) {
    const project = await createProject(
      db,
      null,
      {
        slug: IMAGE_DEMO_SLUG,
        name: 'Shapes (images)',
        instructions: 'Is the shape a circle or a square?',
        taskType: 'image_classification',
        labels: buildDefaultLabels(['circle', 'square']),
      },
      { ownerUserId: userIdsByEmail.get('manager@demo.quorum') },
    );
    projectId = project.id;
  }
  for (const user of DEMO_USERS) {
    const userId = userIdsByEmail.get(user.email);
    if (userId && user.projectRole) await db.insert(projectMembers).values({ projectId, userId, role: user.projectRole }).onConflictDoNothing();
  }
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(items).where(eq(items.projectId, projectId));
  if ((row?.n ?? 0) >= IMAGE_COUNT) return { projectId, created: 0 };
  let created = 0;
  for (let index = 0; index < IMAGE_COUNT; index++) {
    const shape = index % 2 === 0 ? 'circle' : 'square';
    const added = await addImageItem(db, media, null, projectId, { fileName: `${shape}-${String(index + 1).padStart(2, '0')}.png`, bytes: await drawShape(shape, index) });
    if (!added.isDuplicate) created++;
  }
  return { projectId, created };
}

/** A shape on a plain background; colours, size and position follow from `seed`. */
async function drawShape(shape: 'circle' | 'square', seed: number): Promise<Buffer> {
  const pixels = Buffer.alloc(SIZE * SIZE * 3);
  const background = [230 - ((seed * 37) % 60), 230 - ((seed * 53) % 60), 230 - ((seed * 71) % 60)];
  const colour = [(seed * 97) % 200, (seed * 61 + 80) % 200, (seed * 29 + 40) % 200];
  const radius = 18 + (seed % 5) * 4;
  const cx = radius + 4 + ((seed * 13) % (SIZE - 2 * radius - 8));
  const cy = radius + 4 + ((seed * 17) % (SIZE - 2 * radius - 8));
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const isInside = shape === 'circle' ? (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2 : Math.abs(x - cx) <= radius * 0.85 && Math.abs(y - cy) <= radius * 0.85;
      const rgb = isInside ? colour : background;
      pixels.set(rgb, (y * SIZE + x) * 3);
    }
  }
  return sharp(pixels, { raw: { width: SIZE, height: SIZE, channels: 3 } })
    .png()
    .toBuffer();
}

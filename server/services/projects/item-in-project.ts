import { and, eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { items } from '@/db/schema';
import { AppError } from '@/server/errors';

/** NOT_FOUND unless the item belongs to the project: ids from a client are never trusted across projects. */
export async function assertItemInProject(db: Database, projectId: number, itemId: number): Promise<void> {
  const [item] = await db
    .select({ id: items.id })
    .from(items)
    .where(and(eq(items.id, itemId), eq(items.projectId, projectId)));
  if (!item) throw new AppError('NOT_FOUND', 'This item is not part of the project');
}

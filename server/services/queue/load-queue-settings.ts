import { eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { projects } from '@/db/schema';
import { AppError } from '@/server/errors';
import type { TProjectSettings } from '@/server/services/projects/project-settings';
import { parseProjectSettings } from '@/server/services/projects/project-settings';

/** The project's settings as the queue applies them. */
export async function loadQueueSettings(db: Database, projectId: number): Promise<TProjectSettings> {
  const [row] = await db.select({ settings: projects.settings }).from(projects).where(eq(projects.id, projectId));
  if (!row) throw new AppError('NOT_FOUND', 'Project not found');
  return parseProjectSettings(row.settings);
}

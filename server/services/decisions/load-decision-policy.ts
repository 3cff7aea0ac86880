import { eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { projects } from '@/db/schema';
import { AppError } from '@/server/errors';
import { parseProjectSettings } from '@/server/services/projects/project-settings';
import type { TDecisionPolicy } from './decision-policy';

/** The project's decision policy as it stands now (project settings, defaults filled in). */
export async function loadDecisionPolicy(db: Database, projectId: number): Promise<TDecisionPolicy> {
  const [project] = await db.select({ settings: projects.settings }).from(projects).where(eq(projects.id, projectId));
  if (!project) throw new AppError('NOT_FOUND', 'Project not found');
  return parseProjectSettings(project.settings).decisionPolicy;
}

import { and, eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { projectMembers, type TProjectRole } from '@/db/schema';

export async function getMemberRole(db: Database, projectId: number, userId: string): Promise<TProjectRole | null> {
  const [row] = await db
    .select({ role: projectMembers.role })
    .from(projectMembers)
    .where(and(eq(projectMembers.projectId, projectId), eq(projectMembers.userId, userId)));
  return row?.role ?? null;
}

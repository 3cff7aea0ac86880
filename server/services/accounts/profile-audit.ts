import type { Database } from '@/db/client';
import type { TProfileChange } from '@/server/auth/profile-hooks';
import { recordAuditEvent } from '@/server/services/audit/audit-events';

/** A renamed account changes how its labels are attributed everywhere, so every profile change is on record. */
export async function recordProfileChange(db: Database, change: TProfileChange): Promise<void> {
  await recordAuditEvent(db, { actor: change.actor, action: 'user.profile', subjectType: 'user', subjectId: change.userId, before: change.before, after: change.after });
}

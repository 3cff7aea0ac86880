import { eq } from 'drizzle-orm';
import type { Database, DatabaseHandle } from '@/db/client';
import { users } from '@/db/schema';
import { createTestDatabase } from '@/db/testing';
import type { TActor } from '@/server/auth/actor';
import { createAuth, type Auth } from '@/server/auth/auth';
import type { TGlobalRole, TProjectRole } from '@/server/auth/roles';
import { createAccount } from '@/server/services/accounts/accounts';
import { recordProfileChange } from '@/server/services/accounts/profile-audit';
import { addMember } from '@/server/services/projects/members';
import { createProject } from '@/server/services/projects/projects';
import type { TCreatableTaskType } from '@/server/services/projects/project-input';
import { buildDefaultLabels } from '@/server/services/projects/label-set';
import { createCaller } from '@/server/trpc/root';

export const TEST_PASSWORD = 'correct horse battery';

export type TTestHarness = {
  db: Database;
  kind: DatabaseHandle['kind'];
  auth: Auth;
  close: () => Promise<void>;
  createUser: (name: string, globalRole?: TGlobalRole) => Promise<TActor>;
  createProjectAs: (owner: TActor, slug: string, labels?: string[], options?: { taskType?: TCreatableTaskType }) => Promise<{ id: number; slug: string }>;
  addToProject: (projectId: number, actor: TActor, role: TProjectRole) => Promise<void>;
  callerFor: (actor: TActor | null, headers?: Headers) => ReturnType<typeof createCaller>;
};

/** A migrated test database with better-auth on top, plus shortcuts for users, projects and callers. */
export async function createTestHarness({ signInLimit = 1000 } = {}): Promise<TTestHarness> {
  const handle = await createTestDatabase();
  const auth = createAuth(handle.db, {
    secret: 'test-secret-that-is-long-enough-for-better-auth',
    signInLimit,
    onProfileChange: (change) => recordProfileChange(handle.db, change),
  });
  let userCount = 0;
  return {
    db: handle.db,
    kind: handle.kind,
    auth,
    close: handle.close,
    async createUser(name, globalRole = 'user') {
      userCount += 1;
      const email = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}.${userCount}@test.quorum`;
      const user = await createAccount(handle.db, auth, null, { name, email, password: TEST_PASSWORD, globalRole });
      const [row] = await handle.db.select({ id: users.id }).from(users).where(eq(users.id, user.id));
      if (!row) throw new Error('user not stored');
      return { userId: user.id, name, email, globalRole, via: 'session' };
    },
    async createProjectAs(owner, slug, labels = ['positive', 'negative'], options = {}) {
      const project = await createProject(handle.db, owner, { name: slug, slug, labels: buildDefaultLabels(labels), taskType: options.taskType });
      return { id: project.id, slug: project.slug };
    },
    async addToProject(projectId, actor, role) {
      await addMember(handle.db, null, projectId, { email: actor.email, role });
    },
    callerFor(actor, headers = new Headers()) {
      return createCaller({ db: handle.db, auth, actor, headers });
    },
  };
}

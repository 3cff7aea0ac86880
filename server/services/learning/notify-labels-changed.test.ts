import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TActor } from '@/server/auth/actor';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import { listProjectJobs } from '@/server/services/jobs/jobs';
import { getLabelsSinceTrigger } from './learning-hooks';
import { notifyLabelsChanged } from './notify-labels-changed';
import { updateProject } from '@/server/services/projects/projects';

describe('notifyLabelsChanged under concurrency', () => {
  let harness: TTestHarness;
  let admin: TActor;

  beforeAll(async () => {
    harness = await createTestHarness();
    admin = await harness.createUser('Admin', 'admin');
  });
  afterAll(() => harness.close());

  async function createProject(slug: string, retrainEvery: number) {
    const { id } = await harness.createProjectAs(admin, slug, ['ham', 'spam']);
    await updateProject(harness.db, admin, id, { settings: { retrainEvery } });
    return id;
  }

  it('counts every change once when many arrive together, and queues one training per threshold crossed', async () => {
    const projectId = await createProject('burst', 20);
    await Promise.all(Array.from({ length: 30 }, () => notifyLabelsChanged(harness.db, projectId)));
    // Sequential calls would have queued at the 20th change and left 10 counted: batching must agree.
    expect(await getLabelsSinceTrigger(harness.db, projectId)).toBe(10);
    expect(await listProjectJobs(harness.db, projectId)).toHaveLength(1);

    await Promise.all(Array.from({ length: 9 }, () => notifyLabelsChanged(harness.db, projectId)));
    expect(await getLabelsSinceTrigger(harness.db, projectId)).toBe(19);
    await notifyLabelsChanged(harness.db, projectId);
    expect(await getLabelsSinceTrigger(harness.db, projectId)).toBe(0);
  });

  it('keeps projects apart', async () => {
    const first = await createProject('first', 1000);
    const second = await createProject('second', 1000);
    await Promise.all([
      ...Array.from({ length: 7 }, () => notifyLabelsChanged(harness.db, first)),
      ...Array.from({ length: 4 }, () => notifyLabelsChanged(harness.db, second)),
    ]);
    expect(await getLabelsSinceTrigger(harness.db, first)).toBe(7);
    expect(await getLabelsSinceTrigger(harness.db, second)).toBe(4);
  });
});

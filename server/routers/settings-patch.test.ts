import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TActor } from '@/server/auth/actor';
import { getProject } from '@/server/services/projects/projects';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';

/** A settings update changes what it names and nothing else, whatever the project's task type. */
describe('settings patches through the procedures', () => {
  let harness: TTestHarness;
  let admin: TActor;

  beforeAll(async () => {
    harness = await createTestHarness();
    admin = await harness.createUser('Admin', 'admin');
  });
  afterAll(() => harness.close());

  it('leaves the settings a patch does not name as they were (a partial schema once filled in their defaults)', async () => {
    const caller = harness.callerFor(admin);
    const { id: projectId } = await harness.createProjectAs(admin, 'patch-text');
    await caller.models.updateSettings({ projectId, settings: { retrainEvery: 200, explorationShare: 0.3, samplingStrategy: 'entropy' } });
    await caller.project.update({ projectId, settings: { overlap: 2 } });
    await caller.models.updateSettings({ projectId, settings: { samplingStrategy: 'least_confidence' } });
    expect((await getProject(harness.db, projectId)).settings).toMatchObject({ overlap: 2, retrainEvery: 200, explorationShare: 0.3, samplingStrategy: 'least_confidence' });
  });

  it('updates a multi-label project without asking for the single-label defaults, and refuses a single-label strategy with the reason', async () => {
    const caller = harness.callerFor(admin);
    const { id: projectId } = await harness.createProjectAs(admin, 'patch-sets', ['a', 'b'], { taskType: 'multi_label' });
    await caller.project.update({ projectId, settings: { overlap: 2, evalFraction: 0 } });
    await caller.models.updateSettings({ projectId, settings: { samplingStrategy: 'threshold_proximity' } });
    expect((await getProject(harness.db, projectId)).settings).toMatchObject({ overlap: 2, evalFraction: 0, modelKind: 'sigmoid', samplingStrategy: 'threshold_proximity' });
    await expect(caller.models.updateSettings({ projectId, settings: { samplingStrategy: 'margin' } })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/^Sampling strategy: Margin ranks one label per item/),
    });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TJobRunContext } from '@/server/services/learning/run-training-job';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import { MODELS_PENDING, skipUntrainedTaskTypes } from './skip-untrained-task-types';

describe('skipUntrainedTaskTypes', () => {
  let harness: TTestHarness;
  beforeAll(async () => {
    harness = await createTestHarness();
  });
  afterAll(() => harness.close());

  it('ends a multi-label project’s job as skipped with the reason, and runs a text project’s', async () => {
    const owner = await harness.createUser('Owner', 'admin');
    const sets = await harness.createProjectAs(owner, 'sets', ['a', 'b'], { taskType: 'multi_label' });
    const texts = await harness.createProjectAs(owner, 'texts');
    const handler = skipUntrainedTaskTypes(async () => ({ trained: true }));
    const context = (projectId: number) => ({ db: harness.db, job: { projectId } }) as unknown as TJobRunContext;
    expect(await handler(context(sets.id))).toEqual({ skipped: true, reason: MODELS_PENDING.multi_label });
    expect(await handler(context(texts.id))).toEqual({ trained: true });
  });
});

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

  it('ends a span project’s job as skipped with the reason, and runs a text or multi-label project’s', async () => {
    const owner = await harness.createUser('Owner', 'admin');
    const texts = await harness.createProjectAs(owner, 'texts');
    const sets = await harness.createProjectAs(owner, 'sets', ['a', 'b'], { taskType: 'multi_label' });
    const handler = skipUntrainedTaskTypes(async () => ({ trained: true }));
    const context = (projectId: number) => ({ db: harness.db, job: { projectId } }) as unknown as TJobRunContext;
    expect(MODELS_PENDING.multi_label).toBeUndefined();
    expect(await handler(context(sets.id))).toEqual({ trained: true });
    expect(await handler(context(texts.id))).toEqual({ trained: true });
    expect(MODELS_PENDING.spans).toMatch(/not trained yet/);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TJobRunContext } from '@/server/services/learning/run-training-job';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import { createImageProject } from '@/server/testing/media-fixtures';
import { IMAGE_MODELS_PENDING, skipImageProjects } from './skip-image-projects';

describe('skipImageProjects', () => {
  let harness: TTestHarness;
  beforeAll(async () => {
    harness = await createTestHarness();
  });
  afterAll(() => harness.close());

  it('ends an image project’s job as skipped with the reason, and runs a text project’s', async () => {
    const owner = await harness.createUser('Owner', 'admin');
    const images = await createImageProject(harness, owner, 'images');
    const texts = await harness.createProjectAs(owner, 'texts');
    const handler = skipImageProjects(async () => ({ trained: true }));
    const context = (projectId: number) => ({ db: harness.db, job: { projectId } }) as unknown as TJobRunContext;
    expect(await handler(context(images.id))).toEqual({ skipped: true, reason: IMAGE_MODELS_PENDING });
    expect(await handler(context(texts.id))).toEqual({ trained: true });
  });
});

import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { items, projects, reviewTasks } from '@/db/schema';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import { seedDemoUsers } from './seed-demo';
import { seedSpanDemo } from './seed-span-demo';

describe('seedSpanDemo', () => {
  let harness: TTestHarness;
  beforeAll(async () => {
    harness = await createTestHarness();
  });
  afterAll(() => harness.close());

  it('seeds a spans project from a Label Studio file: items decided by span voting, disagreements in review, span agreement reported; once', async () => {
    const userIds = await seedDemoUsers(harness.db, harness.auth, 'demo-password-for-tests');
    const started = performance.now();
    const seeded = await seedSpanDemo(harness.db, userIds);
    expect(performance.now() - started).toBeLessThan(30_000);
    expect(seeded.created).toBe(10);
    const [project] = await harness.db.select().from(projects).where(eq(projects.id, seeded.projectId));
    expect(project).toMatchObject({ slug: 'entities-demo', taskType: 'spans', settings: expect.objectContaining({ overlap: 2, auditRate: 0 }) });
    expect(project!.settings).toHaveProperty('modelKind', 'bio-tagger');
    const rows = await harness.db.select({ status: items.status, finalSource: items.finalSource, annotationCount: items.annotationCount }).from(items).where(eq(items.projectId, seeded.projectId));
    expect(rows.every((row) => row.annotationCount === 2 && row.finalSource === 'consensus')).toBe(true);
    expect(rows.filter((row) => row.status === 'in_review')).toHaveLength(4);
    const tasks = await harness.db.select().from(reviewTasks).where(and(eq(reviewTasks.projectId, seeded.projectId), eq(reviewTasks.status, 'open')));
    expect(tasks.map((task) => task.reason)).toEqual(['disagreement', 'disagreement', 'disagreement', 'disagreement']);
    const snapshot = await harness.db.execute<{ spans: { items: number; exactF1: { value: number } } }>(sql`select report -> 'spans' as spans from quality_snapshots where project_id = ${seeded.projectId}`);
    expect(snapshot.rows[0]?.spans).toMatchObject({ items: 10 });
    expect(snapshot.rows[0]!.spans.exactF1.value).toBeGreaterThan(0.8);
    expect(await seedSpanDemo(harness.db, userIds)).toEqual({ projectId: seeded.projectId, created: 0 });
  });
});

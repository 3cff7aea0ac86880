import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobs } from '@/db/schema';
import type { TActor } from '@/server/auth/actor';
import { requestTraining } from '@/server/services/learning/learning-settings';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import { labelItems, seedLearningItems } from '@/server/testing/learning-fixtures';

const ROOT = path.resolve(import.meta.dirname, '../..');
/** The worker's poll: a job it starts well within this was announced to it, not found by polling. */
const POLL_MS = 120_000;

/**
 * A `quorum worker` process and this test process (standing in for an app server) on one PostgreSQL
 * database: a training requested here reaches the idle worker through NOTIFY, not at its next poll.
 */
describe.skipIf(!process.env.TEST_DATABASE_URL)('a job queued by another process (PostgreSQL)', () => {
  let harness: TTestHarness;
  let admin: TActor;
  let projectId: number;
  let child: ChildProcess | null = null;

  beforeAll(async () => {
    harness = await createTestHarness();
    admin = await harness.createUser('Admin', 'admin');
    projectId = (await harness.createProjectAs(admin, 'wake', ['ham', 'spam'])).id;
    const { items, labelIds } = await seedLearningItems(harness.db, projectId, { count: 120, seed: 3 });
    await labelItems(harness.db, items.slice(0, 80).map((item) => ({ id: item.id, labelId: labelIds[item.label]! })));
  }, 120_000);
  afterAll(async () => {
    child?.kill('SIGKILL');
    await harness.close();
  });

  it('wakes an idle worker at once', async () => {
    const databaseUrl = (harness.db as unknown as { $client: { options: { connectionString: string } } }).$client.options.connectionString;
    child = spawn(process.execPath, [path.join(ROOT, 'bin/quorum.js'), 'worker', '--kinds', 'train', '--poll-ms', String(POLL_MS)], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await waitFor(async () => output.includes('ready'), 120_000);
    // Past its first look at the queue (right after "ready"), the worker sleeps until woken or polled.
    await new Promise((resolve) => setTimeout(resolve, 2_000));

    const started = performance.now();
    const { jobId } = await requestTraining(harness.db, admin, projectId);
    await waitFor(async () => {
      const [row] = await harness.db.select({ status: jobs.status }).from(jobs).where(eq(jobs.id, jobId));
      return row?.status !== 'queued';
    }, POLL_MS);
    expect(performance.now() - started).toBeLessThan(POLL_MS / 4);
  }, 300_000);
});

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('timed out waiting for the worker');
}

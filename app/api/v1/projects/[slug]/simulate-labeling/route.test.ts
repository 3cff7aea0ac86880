import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TActor } from '@/server/auth/actor';
import { runCli } from '@/server/cli/index';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import { installAppServices, issueApiToken } from '@/server/testing/app-services';
import { getLabelIds, seedItems } from '@/server/testing/queue-fixtures';
import { POST } from './route';

const BASE = 'http://localhost:3000';

/**
 * `quorum simulate-labeling --url --token` end to end in one process: the CLI's request goes to
 * this route handler (fetch is pointed at it), which authenticates the token as the other routes do.
 */
describe('simulate-labeling through the HTTP API', () => {
  let harness: TTestHarness;
  let uninstall: () => void;
  let manager: TActor;
  let projectId: number;
  const calls: string[] = [];

  beforeAll(async () => {
    harness = await createTestHarness();
    uninstall = installAppServices(harness);
    manager = await harness.createUser('Maya Manager', 'manager');
    projectId = (await harness.createProjectAs(manager, 'remote-sim', ['spam', 'ham'])).id;
    const labelIds = await getLabelIds(harness.db, projectId);
    await seedItems(harness.db, projectId, Array.from({ length: 40 }, (_, i) => ({ goldLabelId: labelIds[i % 2]!, isGoldCheck: false })));
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      calls.push(`${init.method ?? 'GET'} ${url}`);
      const slug = /\/projects\/([^/]+)\/simulate-labeling$/.exec(new URL(url).pathname)?.[1] ?? '';
      return POST(new Request(url, init), { params: Promise.resolve({ slug }) });
    });
  });
  afterAll(async () => {
    vi.unstubAllGlobals();
    uninstall();
    await harness.close();
  });
  afterEach(() => {
    process.exitCode = undefined;
  });

  async function runQuorum(...args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => out.push(String(chunk)) > 0);
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => err.push(String(chunk)) > 0);
    try {
      await runCli(['node', 'quorum', ...args]);
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
    }
    return { code: process.exitCode ?? 0, stdout: out.join(''), stderr: err.join('') };
  }

  it("labels the project with a manager's token and prints the same table and summary as a local run", async () => {
    const token = await issueApiToken(harness, manager, projectId);
    const run = await runQuorum('simulate-labeling', '--project', 'remote-sim', '--annotators', '2', '--accuracy', '1,0.5', '--items', '10', '--url', BASE, '--token', token);
    expect(run.code).toBe(0);
    expect(calls.at(-1)).toBe(`POST ${BASE}/api/v1/projects/remote-sim/simulate-labeling`);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^annotator\s+accuracy\s+labels\s+correct$/);
    expect(lines[1]).toMatch(/^Simulated annotator 1\s+100%\s+\d+\s+100%$/);
    expect(run.stdout).toMatch(/\d+ labels on 1\d items of remote-sim\n/);
    expect(run.stdout).toMatch(/quality report refreshed/);
    const counted = await harness.db.execute<{ n: number }>(sql`select count(*)::int as n from annotations where project_id = ${projectId}`);
    expect(Number(counted.rows[0]?.n)).toBeGreaterThanOrEqual(10);
  });

  it("refuses a reviewer's token (simulated annotators are a manager's call) and bad settings, with the server's message", async () => {
    const reviewer = await harness.createUser('Rui Reviewer');
    await harness.addToProject(projectId, reviewer, 'reviewer');
    const reviewerToken = await issueApiToken(harness, reviewer, projectId);
    const refused = await runQuorum('simulate-labeling', '--project', 'remote-sim', '--url', BASE, '--token', reviewerToken);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^quorum: (403|404) from the server/m);
    const response = await POST(
      new Request(`${BASE}/api/v1/projects/remote-sim/simulate-labeling`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await issueApiToken(harness, manager, projectId)}`, 'content-type': 'application/json' },
        body: JSON.stringify({ accuracy: [1.5] }),
      }),
      { params: Promise.resolve({ slug: 'remote-sim' }) },
    );
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/^accuracy\.0: /);
  });
});

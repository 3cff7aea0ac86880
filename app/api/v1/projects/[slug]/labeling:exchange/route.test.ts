import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import { installAppServices, issueApiToken } from '@/server/testing/app-services';
import { getLabelIds, PLAIN_QUEUE_SETTINGS, seedItems, setQueueSettings } from '@/server/testing/queue-fixtures';
import { POST as exchange } from './route';

const slugParams = (slug: string) => ({ params: Promise.resolve({ slug }) });

describe('POST /api/v1/projects/{slug}/labeling:exchange', () => {
  let harness: TTestHarness;
  let uninstall: () => void;
  let annotatorToken: string;
  let outsiderToken: string;
  let labelIds: number[];

  beforeAll(async () => {
    harness = await createTestHarness();
    uninstall = installAppServices(harness);
    const admin = await harness.createUser('Admin', 'admin');
    const project = await harness.createProjectAs(admin, 'exchange', ['yes', 'no']);
    await setQueueSettings(harness.db, project.id, PLAIN_QUEUE_SETTINGS);
    await seedItems(harness.db, project.id, Array.from({ length: 4 }, () => ({})));
    labelIds = await getLabelIds(harness.db, project.id);
    const annotator = await harness.createUser('Ann');
    await harness.addToProject(project.id, annotator, 'annotator');
    annotatorToken = await issueApiToken(harness, annotator, project.id);
    const outsider = await harness.createUser('Outsider');
    const own = await harness.createProjectAs(admin, 'exchange-other');
    await harness.addToProject(own.id, outsider, 'annotator');
    outsiderToken = await issueApiToken(harness, outsider, own.id);
  });
  afterAll(async () => {
    uninstall();
    await harness.close();
  });

  const post = (token: string | null, body: unknown, slug = 'exchange', headers: Record<string, string> = {}) =>
    exchange(
      new Request(`http://localhost:3000/api/v1/projects/${slug}/labeling:exchange`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
        body: JSON.stringify(body),
      }),
      slugParams(slug),
    );

  it('leases tasks and stores answers, with dates as ISO strings, and a resend stores nothing twice', async () => {
    const first = await post(annotatorToken, { want: 2 });
    expect(first.status).toBe(200);
    const leased = (await first.json()) as { tasks: { itemId: number; leaseExpiresAt: string }[]; serverTime: string; results: unknown[] };
    expect(leased.tasks).toHaveLength(2);
    expect(new Date(leased.tasks[0]?.leaseExpiresAt ?? '').getTime()).toBeGreaterThan(new Date(leased.serverTime).getTime());
    const answers = leased.tasks.map((task) => ({ clientId: randomUUID(), itemId: task.itemId, labelId: labelIds[0] }));
    const body = { answers, holdItemIds: [], want: 2 };
    const sent = (await (await post(annotatorToken, body)).json()) as { results: { status: string; isDuplicate: boolean; annotationId: number }[]; tasks: unknown[] };
    expect(sent.results.map((result) => [result.status, result.isDuplicate])).toEqual([
      ['stored', false],
      ['stored', false],
    ]);
    expect(sent.tasks).toHaveLength(2);
    const again = (await (await post(annotatorToken, { ...body, want: 0 })).json()) as { results: { isDuplicate: boolean; annotationId: number }[] };
    expect(again.results.map((result) => [result.isDuplicate, result.annotationId])).toEqual(sent.results.map((result) => [true, result.annotationId]));
  });

  it('names the bad field, bounds the batch, and hides projects from outsiders', async () => {
    const bad = await post(annotatorToken, { answers: [{ clientId: 'nope', itemId: 1, labelId: labelIds[0] }] });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/answers\.0\.clientId/);
    const tooMany = await post(annotatorToken, { want: 1000 });
    expect(tooMany.status).toBe(400);
    expect((await post(outsiderToken, { want: 1 })).status).toBe(404);
    expect((await post(null, { want: 1 })).status).toBe(401);
    // A cookie-carrying request from another site is refused before anything else.
    expect((await post(null, { want: 1 }, 'exchange', { 'sec-fetch-site': 'cross-site', cookie: 'x=1' })).status).toBe(403);
  });
});

import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TActor } from '@/server/auth/actor';
import { installAppServices, issueApiToken } from '@/server/testing/app-services';
import { seedDecision } from '@/server/testing/decision-record-fixtures';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import { GET as exportDecisions } from './export/route';
import { GET as verifyLog } from './log/verify/route';

const slugParams = (slug: string) => ({ params: Promise.resolve({ slug }) });

describe('HTTP API: decision export and log verification', () => {
  let harness: TTestHarness;
  let uninstall: () => void;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    harness = await createTestHarness();
    uninstall = installAppServices(harness);
    const manager = await harness.createUser('Mona Manager', 'manager');
    const { id: projectId } = await harness.createProjectAs(manager, 'record-api');
    tokens.manager = await issueApiToken(harness, manager, projectId);
    for (const role of ['reviewer', 'annotator'] as const) {
      const actor: TActor = await harness.createUser(role);
      await harness.addToProject(projectId, actor, role);
      tokens[role] = await issueApiToken(harness, actor, projectId);
    }
    const outsider = await harness.createUser('Outsider', 'manager');
    const own = await harness.createProjectAs(outsider, 'outsider-own');
    tokens.outsider = await issueApiToken(harness, outsider, own.id);
    await seedDecision(harness.db, projectId, { text: '@SUM(A1:A9)' });
    await seedDecision(harness.db, projectId, { status: 'pending', route: 'human', routeReason: 'below_threshold', label: null, decidedAt: null, outcomeReason: null });
  });
  afterAll(async () => {
    uninstall();
    await harness.close();
  });

  const get = (route: typeof exportDecisions, path: string, who: string) =>
    route(new Request(`http://localhost:3000/api/v1/projects/record-api/decisions/${path}`, { headers: { authorization: `Bearer ${tokens[who]}` } }), slugParams('record-api'));

  it('streams the export to a manager as CSV or JSONL, filtered', async () => {
    const csv = await get(exportDecisions, 'export?format=csv', 'manager');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const rows = parse(await csv.text(), { columns: true }) as Record<string, string>[];
    expect(rows.map((row) => row.text)).toEqual(["'@SUM(A1:A9)", 'Refund my order #123']);
    const jsonl = await get(exportDecisions, 'export?format=jsonl&status=pending', 'manager');
    const lines = (await jsonl.text()).trim().split('\n').map((line) => JSON.parse(line) as { status: string });
    expect(lines.map((line) => line.status)).toEqual(['pending']);
    // A plain GET form sends its empty fields: no filter.
    expect((await (await get(exportDecisions, 'export?format=jsonl&status=&from=&to=', 'manager')).text()).trim().split('\n')).toHaveLength(2);
    expect((await get(exportDecisions, 'export?format=xml', 'manager')).status).toBe(400);
    expect((await get(exportDecisions, 'export?from=yesterday', 'manager')).status).toBe(400);
  });

  it('keeps the export to managers; the log verdict to those who see decisions; outsiders learn nothing', async () => {
    expect((await get(exportDecisions, 'export', 'reviewer')).status).toBe(403);
    expect((await get(exportDecisions, 'export', 'annotator')).status).toBe(403);
    expect((await get(exportDecisions, 'export', 'outsider')).status).toBe(404);
    const verdict = await get(verifyLog, 'log/verify', 'reviewer');
    expect(verdict.status).toBe(200);
    expect(await verdict.json()).toEqual({ entries: 3, firstSeq: 1, lastSeq: 3, break: null });
    expect((await get(verifyLog, 'log/verify', 'annotator')).status).toBe(403);
    expect((await get(verifyLog, 'log/verify', 'outsider')).status).toBe(404);
    const anonymous = await verifyLog(new Request('http://localhost:3000/api/v1/projects/record-api/decisions/log/verify'), slugParams('record-api'));
    expect(anonymous.status).toBe(401);
  });
});

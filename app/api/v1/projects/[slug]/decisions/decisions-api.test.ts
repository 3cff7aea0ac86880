import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TActor } from '@/server/auth/actor';
import type { TProjectRole } from '@/server/auth/roles';
import { installAppServices, issueApiToken } from '@/server/testing/app-services';
import { approveTestCertificate, createProjectWithModel, setDecisionPolicy } from '@/server/testing/decision-fixtures';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import { GET as getDecisionRoute } from './[id]/route';
import { POST as postBatch } from '../decisions:batch/route';
import { GET as listRoute, POST as postDecision } from './route';

const BASE = 'http://localhost:3000/api/v1/projects';
const SLUG = 'decisions-api';

type TCall = (token: string | null) => Promise<Response>;

describe('decision API routes', () => {
  let harness: TTestHarness;
  let uninstall: () => void;
  let owner: TActor;
  const tokens = {} as Record<TProjectRole | 'outsider' | 'otherProject', string>;
  let pendingId: string;
  let projectId: number;

  const request = (path: string, init: { method?: string; token?: string | null; body?: unknown; headers?: Record<string, string> } = {}) =>
    new Request(`${BASE}/${SLUG}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...init.headers,
      },
      body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
    });
  const params = { params: Promise.resolve({ slug: SLUG }) };
  const idParams = (id: string) => ({ params: Promise.resolve({ slug: SLUG, id }) });

  beforeAll(async () => {
    harness = await createTestHarness();
    uninstall = installAppServices(harness);
    owner = await harness.createUser('Owner', 'admin');
    ({ projectId } = await createProjectWithModel(harness, owner, SLUG));
    await setDecisionPolicy(harness.db, projectId, { auditShare: 0 });
    await approveTestCertificate(harness.db, projectId, { threshold: 0.5 });
    for (const role of ['annotator', 'reviewer', 'data_scientist', 'manager'] as const) {
      const user = await harness.createUser(role);
      await harness.addToProject(projectId, user, role);
      tokens[role] = await issueApiToken(harness, user, projectId);
    }
    const outsider = await harness.createUser('Outsider');
    const elsewhere = await harness.createProjectAs(owner, 'elsewhere');
    await harness.addToProject(elsewhere.id, outsider, 'manager');
    tokens.outsider = await issueApiToken(harness, outsider, elsewhere.id);
    // A manager of this project, with a token issued for another one.
    const twoProjects = await harness.createUser('Two projects');
    await harness.addToProject(projectId, twoProjects, 'manager');
    await harness.addToProject(elsewhere.id, twoProjects, 'manager');
    tokens.otherProject = await issueApiToken(harness, twoProjects, elsewhere.id);
    await setDecisionPolicy(harness.db, elsewhere.id, { mode: 'human_only' });
  }, 300_000);
  afterAll(async () => {
    uninstall();
    await harness.close();
  });

  it('answers an automatic decision with label, probability, model version, threshold and reason', async () => {
    const response = await postDecision(request('/decisions', { method: 'POST', token: tokens.data_scientist, body: { text: 'win a free prize now' } }), params);
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body).toMatchObject({ status: 'decided', route: 'auto', routeReason: 'above_threshold', decidedBy: 'model', threshold: 0.5 });
    expect(body.label).toBe(body.prediction.label);
    expect(body.prediction).toMatchObject({ probability: expect.any(Number), modelVersionId: expect.any(Number), modelHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(body).not.toHaveProperty('text');
  });

  it('returns the same decision for a retry with the Idempotency-Key, and 409 for the key with another body', async () => {
    const send = (text: string) => postDecision(request('/decisions', { method: 'POST', token: tokens.manager, body: { text }, headers: { 'idempotency-key': 'order-77' } }), params);
    const first = await send('refund order 77');
    const again = await send('refund order 77');
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect((await again.json()).id).toBe((await first.json()).id);
    const reused = await send('refund order 78');
    expect(reused.status).toBe(409);
    expect((await reused.json()).error.code).toBe('CONFLICT');
    const mismatch = await postDecision(
      request('/decisions', { method: 'POST', token: tokens.manager, body: { text: 'x', idempotencyKey: 'a' }, headers: { 'idempotency-key': 'b' } }),
      params,
    );
    expect(mismatch.status).toBe(400);
  });

  it('refuses bad bodies with 400 naming the field, and oversized ones with 413', async () => {
    const post = (body: unknown, headers: Record<string, string> = {}) => postDecision(request('/decisions', { method: 'POST', token: tokens.manager, body, headers }), params);
    const missing = await post({ payload: {} });
    expect(missing.status).toBe(400);
    expect((await missing.json()).error.message).toMatch(/^text:/);
    expect((await post('{not json')).status).toBe(400);
    expect((await post({ text: 'x', callbackUrl: 'javascript:alert(1)' })).status).toBe(400);
    expect((await post({ text: 'x' }, { 'idempotency-key': 'has space' })).status).toBe(400);
    expect((await post({ text: 'x'.repeat(2 * 1024 * 1024) })).status).toBe(413);
  });

  it('reads one decision, long-polls with ?wait=, and lists with filters', async () => {
    const created = await postBatch(
      new Request(`${BASE}/elsewhere/decisions:batch`, { method: 'POST', headers: { authorization: `Bearer ${tokens.outsider}` }, body: JSON.stringify({ cases: [{ text: 'elsewhere' }] }) }),
      { params: Promise.resolve({ slug: 'elsewhere' }) },
    );
    const foreignId = (await created.json()).results[0].decision.id as string;
    await setDecisionPolicy(harness.db, projectId, { mode: 'human_only' });
    const pending = await (await postDecision(request('/decisions', { method: 'POST', token: tokens.manager, body: { text: 'needs a person' } }), params)).json();
    pendingId = pending.id;
    expect(pending).toMatchObject({ status: 'pending', route: 'human', routeReason: 'human_only' });
    const started = performance.now();
    const waited = await getDecisionRoute(request(`/decisions/${pendingId}?wait=1`, { token: tokens.reviewer }), idParams(pendingId));
    expect(waited.status).toBe(200);
    expect((await waited.json()).status).toBe('pending');
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    expect((await getDecisionRoute(request(`/decisions/${pendingId}?wait=31`, { token: tokens.reviewer }), idParams(pendingId))).status).toBe(400);
    // Another project's decision is not found through this project.
    expect((await getDecisionRoute(request(`/decisions/${foreignId}`, { token: tokens.manager }), idParams(foreignId))).status).toBe(404);
    const list = await listRoute(request('/decisions?status=pending&route=human&limit=2', { token: tokens.reviewer }), params);
    const page = await list.json();
    expect(page.decisions.map((d: { id: string }) => d.id)).toEqual([pendingId]);
    expect(page.nextCursor).toBeNull();
    expect((await listRoute(request('/decisions?limit=501', { token: tokens.reviewer }), params)).status).toBe(400);
    expect((await listRoute(request('/decisions?status=maybe', { token: tokens.reviewer }), params)).status).toBe(400);
  });

  it('answers a batch in order: 201 new, 200 replayed, 409 for a reused key; refuses more than 1,000', async () => {
    const post = (body: unknown) => postBatch(request('/decisions:batch', { method: 'POST', token: tokens.manager, body }), params);
    const response = await post({ cases: [{ text: 'one', idempotencyKey: 'b-1' }, { text: 'two' }] });
    expect(response.status).toBe(200);
    const again = await (await post({ cases: [{ text: 'one', idempotencyKey: 'b-1' }, { text: 'changed', idempotencyKey: 'b-1' }, { text: 'three' }] })).json();
    expect(again.results.map((r: { status: number }) => r.status)).toEqual([200, 409, 201]);
    expect(again.results[1].error.code).toBe('CONFLICT');
    expect((await post({ cases: Array.from({ length: 1001 }, () => ({ text: 'x' })) })).status).toBe(400);
    const bad = await post({ cases: [{ text: 'ok' }, { text: 'x', metadata: { deep: { no: 1 } } }] });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/^cases\.1\.metadata/);
  });

  it('checks the token and the role on every route', async () => {
    const id = () => pendingId;
    const routes: Record<string, TCall> = {
      create: (token) => postDecision(request('/decisions', { method: 'POST', token, body: { text: 'auth check' } }), params),
      batch: (token) => postBatch(request('/decisions:batch', { method: 'POST', token, body: { cases: [{ text: 'auth check' }] } }), params),
      list: (token) => listRoute(request('/decisions', { token }), params),
      get: (token) => getDecisionRoute(request(`/decisions/${id()}`, { token }), idParams(id())),
    };
    const expected: Record<string, Record<string, number>> = {
      create: { none: 401, annotator: 403, reviewer: 403, data_scientist: 201, manager: 201, outsider: 404, otherProject: 404 },
      batch: { none: 401, annotator: 403, reviewer: 403, data_scientist: 200, manager: 200, outsider: 404, otherProject: 404 },
      list: { none: 401, annotator: 403, reviewer: 200, data_scientist: 200, manager: 200, outsider: 404, otherProject: 404 },
      get: { none: 401, annotator: 403, reviewer: 200, data_scientist: 200, manager: 200, outsider: 404, otherProject: 404 },
    };
    const actual: Record<string, Record<string, number>> = {};
    for (const [name, call] of Object.entries(routes)) {
      actual[name] = {};
      for (const who of ['none', 'annotator', 'reviewer', 'data_scientist', 'manager', 'outsider', 'otherProject'] as const) {
        actual[name][who] = (await call(who === 'none' ? null : tokens[who])).status;
      }
    }
    expect(actual).toEqual(expected);
  });
});

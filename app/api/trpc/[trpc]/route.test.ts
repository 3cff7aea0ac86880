import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import { installAppServices, issueApiToken } from '@/server/testing/app-services';
import { publicProcedure, router } from '@/server/trpc/init';
import { GET, POST } from './route';

const JSON_LIMIT = 64 * 1024;

function batchUrl(path: string, count: number, input: unknown = undefined): string {
  const paths = Array.from({ length: count }, () => path).join(',');
  const inputs = Object.fromEntries(Array.from({ length: count }, (_, index) => [index, superjson.serialize(input)]));
  return `http://localhost:3000/api/trpc/${paths}?batch=1&input=${encodeURIComponent(JSON.stringify(inputs))}`;
}

describe('/api/trpc', () => {
  let harness: TTestHarness;
  let uninstall: () => void;
  let token: string;
  let projectId: number;

  beforeAll(async () => {
    harness = await createTestHarness();
    uninstall = installAppServices(harness, { bodyLimits: { json: JSON_LIMIT } });
    const admin = await harness.createUser('Admin', 'admin');
    projectId = (await harness.createProjectAs(admin, 'trpc-route')).id;
    token = await issueApiToken(harness, admin, projectId);
  });
  afterAll(async () => {
    uninstall();
    await harness.close();
  });

  const bearer = () => ({ authorization: `Bearer ${token}` });

  it('refuses a body declared over the JSON limit with 413 before reading it', async () => {
    const response = await POST(
      new Request('http://localhost:3000/api/trpc/setup.createFirstAdmin', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': String(600 * 1024 * 1024) },
        body: '{}',
      }),
    );
    expect(response.status).toBe(413);
    expect((await response.json()).error.message).toMatch(/larger than the limit of 64 KB/);
  });

  it('stops reading a chunked body at the limit (413), without pulling the rest', async () => {
    let pulled = 0;
    const chunk = new Uint8Array(16 * 1024).fill(0x20);
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const response = await POST(
      new Request('http://localhost:3000/api/trpc/setup.createFirstAdmin', { method: 'POST', headers: { 'content-type': 'application/json' }, body: endless, duplex: 'half' } as RequestInit),
    );
    expect(response.status).toBe(413);
    expect(pulled).toBeLessThanOrEqual(JSON_LIMIT + 4 * chunk.byteLength);
  });

  it('lets an anonymous caller make one call per request, never a batch', async () => {
    expect((await GET(new Request(batchUrl('setup.status', 1)))).status).toBe(200);
    const statusQueries = vi.spyOn(harness.db, 'select');
    const response = await GET(new Request(batchUrl('setup.status', 1000)));
    expect(response.status).toBe(400);
    expect(statusQueries).not.toHaveBeenCalled();
    statusQueries.mockRestore();
    expect((await GET(new Request(batchUrl('setup.status', 2)))).status).toBe(400);
  });

  it('caps batches of a signed-in caller at 10 calls', async () => {
    expect((await GET(new Request(batchUrl('project.list', 10), { headers: bearer() }))).status).toBe(200);
    const response = await GET(new Request(batchUrl('project.list', 1000), { headers: bearer() }));
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toMatch(/Batch call exceeds maximum size/);
  });

  it.each([
    ['project.get', { projectId: 2_147_483_648 }],
    ['models.version', { projectId: 1, versionId: Number.MAX_SAFE_INTEGER }],
    ['label.submit', { projectId: 1, itemId: 2 ** 53, labelId: 1, clientId: '7d1f6f2e-6d7a-4a8e-9d55-2b8c3f1e0a11' }],
  ])('answers an id out of its column range for %s with 400, not a 500 quoting SQL', async (path, input) => {
    const request =
      path === 'label.submit'
        ? new Request(`http://localhost:3000/api/trpc/${path}`, { method: 'POST', headers: { ...bearer(), 'content-type': 'application/json' }, body: JSON.stringify(superjson.serialize(input)) })
        : new Request(`http://localhost:3000/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`, { headers: bearer() });
    const response = await (request.method === 'POST' ? POST(request) : GET(request));
    const text = await response.text();
    expect(response.status).toBe(400);
    expect(text).not.toMatch(/select|insert|params/i);
  });
});

describe('tRPC error formatter', () => {
  it('turns an unexpected error into a generic 500 with a request id, logged with the details', async () => {
    const leaky = router({
      boom: publicProcedure.query(() => {
        throw new Error('Failed query: select "id" from "projects" where "id" = $1\nparams: 2147483648,user-secret-id');
      }),
    });
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const response = await fetchRequestHandler({ endpoint: '/api/trpc', req: new Request('http://localhost:3000/api/trpc/boom'), router: leaky, createContext: () => ({}) as never });
    const body = (await response.json()) as { error: { json: { message: string; data: { requestId: string; stack?: string } } } };
    expect(response.status).toBe(500);
    const { message, data } = body.error.json;
    expect(message).toBe(`Something went wrong on the server (request id ${data.requestId})`);
    expect(data.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(data.stack).toBeUndefined();
    expect(JSON.stringify(body)).not.toMatch(/select|user-secret-id/);
    expect(log).toHaveBeenCalledWith(expect.stringContaining(data.requestId), expect.objectContaining({ message: expect.stringContaining('select') }));
    log.mockRestore();
  });
});

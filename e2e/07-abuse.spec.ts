import { expect, test, type APIRequestContext } from '@playwright/test';
import { E2E_DEMO_URL } from './config';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './fixtures';

/**
 * The security review's probes (issue 12), replayed over HTTP against the production build with
 * the demo seeded: each gets the safe answer, and the server keeps answering everyone else.
 * The same cases, with what they must not change, are tested in depth beside each route;
 * sign-in back-off needs the real limit, which the e2e servers raise, so it is tested there.
 */
test.describe.configure({ mode: 'serial' });

const headers = { origin: E2E_DEMO_URL };

/** The review's probe: calls without input, so a thousand of them fit in a 13 KB URL. */
function batchUrl(procedure: string, calls: number): string {
  return `/api/trpc/${Array.from({ length: calls }, () => procedure).join(',')}?batch=1&input=${encodeURIComponent('{}')}`;
}

async function signIn(request: APIRequestContext, email: string): Promise<void> {
  const response = await request.post('/api/auth/sign-in/email', { data: { email, password: DEMO_PASSWORD }, headers });
  expect(response.status(), `sign-in of ${email}`).toBe(200);
}

/** The server still answers a plain request quickly after a probe. */
async function expectResponsive(request: APIRequestContext): Promise<void> {
  const started = Date.now();
  const response = await request.get('/api/trpc/setup.status', { headers });
  expect(response.status()).toBe(200);
  expect(Date.now() - started).toBeLessThan(5_000);
}

test.use({ baseURL: E2E_DEMO_URL });

test('an oversized body is refused with 413 before it is read, signed in or not', async ({ request }) => {
  const big = Buffer.alloc(8 * 2 ** 20, 'a');
  const setup = await request.post('/api/trpc/setup.createFirstAdmin', { data: big, headers: { ...headers, 'content-type': 'application/json' } });
  expect(setup.status()).toBe(413);
  const signInBody = await request.post('/api/auth/sign-in/email', { data: big, headers: { ...headers, 'content-type': 'application/json' } });
  expect(signInBody.status()).toBe(413);
  await expectResponsive(request);
});

test('batches are capped: none for anonymous callers, ten for a signed-in one', async ({ playwright }) => {
  const anonymous = await playwright.request.newContext({ baseURL: E2E_DEMO_URL });
  expect((await anonymous.get(batchUrl('setup.status', 1000), { headers })).status()).toBe(400);
  expect((await anonymous.get(batchUrl('setup.status', 2), { headers })).status()).toBe(400);
  await expectResponsive(anonymous);
  const annotator = await playwright.request.newContext({ baseURL: E2E_DEMO_URL });
  await signIn(annotator, DEMO_ACCOUNTS.annotator1);
  expect((await annotator.get(batchUrl('me.get', 10), { headers })).status()).toBe(200);
  const refused = await annotator.get(batchUrl('label.next', 1000), { headers });
  expect(refused.status()).toBe(400);
  await Promise.all([anonymous.dispose(), annotator.dispose()]);
});

test('ids out of their column range get 400, and no error shows SQL', async ({ request }) => {
  await signIn(request, DEMO_ACCOUNTS.manager);
  for (const [path, input] of [
    ['project.get', { projectId: 2_147_483_648 }],
    ['models.version', { projectId: 1, versionId: Number.MAX_SAFE_INTEGER }],
  ] as const) {
    const response = await request.get(`/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`, { headers });
    expect(response.status(), path).toBe(400);
    expect(await response.text()).not.toMatch(/select |insert |params:/i);
  }
});

test("better-auth's own admin and account endpoints are closed", async ({ request }) => {
  await signIn(request, DEMO_ACCOUNTS.admin);
  const me = (await (await request.get('/api/auth/get-session', { headers })).json()) as { user: { id: string } };
  for (const [path, data] of [
    ['/api/auth/admin/set-role', { userId: me.user.id, role: 'user' }],
    ['/api/auth/admin/remove-user', { userId: me.user.id }],
    ['/api/auth/sign-up/email', { email: 'intruder@example.com', password: 'a-long-enough-password-1', name: 'Intruder' }],
  ] as const) {
    expect((await request.post(path, { data, headers })).status(), path).toBe(404);
  }
  // Still the admin: the app's own admin procedures answer.
  const users = await request.get('/api/trpc/admin.users', { headers });
  expect(users.status()).toBe(200);
});

test('text that is not valid UTF-8, or a name with a bidi override, is refused, not stored altered', async ({ request }) => {
  await signIn(request, DEMO_ACCOUNTS.reviewer);
  const invalid = Buffer.concat([Buffer.from('{"name":"Rev'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
  const response = await request.post('/api/auth/update-user', { data: invalid, headers: { ...headers, 'content-type': 'application/json' } });
  expect(response.status()).toBe(400);
  const bidi = await request.post('/api/auth/update-user', { data: { name: 'Rev\u202eweiver' }, headers });
  expect(bidi.status()).toBe(400);
  const session = (await (await request.get('/api/auth/get-session', { headers })).json()) as { user: { name: string } };
  expect(session.user.name).not.toMatch(/\u202e|\ufffd/);
});

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, request as playwrightRequest, test } from '@playwright/test';
import { Webhook } from 'standardwebhooks';
import { E2E_DEMO_URL } from './config';
import { DEMO_ACCOUNTS, newDemoPage } from './fixtures';

/**
 * The loop a system and a reviewer close together, on the demo's mail gateway: a case the policy
 * sends to people reaches the reviewer's Decisions tab, the reviewer overrides the model with a
 * reason, and the caller learns the human decision twice: its long-poll returns it, and the signed
 * webhook arrives at its receiver (verified with the Standard Webhooks library).
 */
const GATEWAY = 'mail-gateway';

type TReceived = { headers: Record<string, string>; body: string };

test('a case sent by a system is overridden by a reviewer; the long-poll and the signed webhook carry the human decision', async ({ browser }) => {
  test.setTimeout(180_000);
  const received: TReceived[] = [];
  const receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      received.push({ headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])), body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/quorum`;

  try {
    // The manager points the project's webhooks at the receiver and copies the secret, shown once.
    const manager = await newDemoPage(browser, DEMO_ACCOUNTS.manager);
    await manager.goto(`/projects/${GATEWAY}/decisions/settings`);
    await manager.getByLabel('Receiver URL').fill(receiverUrl);
    await manager.getByRole('button', { name: 'Save receiver' }).click();
    // The gateway has no secret yet: saving the first receiver makes one and shows it, once. (Waiting for
    // it matters: reading before the save answers and rotating meanwhile left the test a stale secret.)
    const secretBox = manager.getByLabel('Signing secret (shown only now)');
    await expect(secretBox).toHaveValue(/^whsec_/, { timeout: 15_000 });
    const secret = await secretBox.inputValue();
    expect(secret).toMatch(/^whsec_/);
    await manager.context().close();

    // The data scientist makes the API token the mail server uses.
    const scientist = await newDemoPage(browser, DEMO_ACCOUNTS.scientist);
    await scientist.goto('/account/tokens');
    await scientist.getByLabel('Name').fill('mail server');
    await scientist.getByLabel('Project').selectOption({ label: 'Mail gateway (decisions)' });
    await scientist.getByRole('button', { name: 'Create token' }).click();
    const token = await scientist.getByLabel('New API token').inputValue();
    expect(token.length).toBeGreaterThan(20);
    await scientist.context().close();

    // The mail server sends a case its policy always gives to people (a VIP mailbox).
    const api = await playwrightRequest.newContext({ baseURL: E2E_DEMO_URL, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
    const text = 'Re: [SAtalk] razor2 question\n\nThanks Justin, the patch for the Razor2 plugin fixed it on my Debian box. Cheers, Matt';
    // Due in ten minutes: the queue is ordered by deadline, so it heads the reviewer's list.
    const body = { text, metadata: { vip: true, mailbox: 'ceo@example.org' }, deadline: new Date(Date.now() + 10 * 60_000).toISOString() };
    const created = await api.post(`/api/v1/projects/${GATEWAY}/decisions`, { data: body, headers: { 'idempotency-key': 'e2e-flow-1' } });
    expect(created.status()).toBe(201);
    const decision = (await created.json()) as { id: string; route: string; status: string; routeReason: string; prediction: { label: string } | null };
    expect(decision).toMatchObject({ route: 'human', status: 'pending', routeReason: 'escalate_metadata' });
    // A retry with the same key is the same decision.
    const retry = await api.post(`/api/v1/projects/${GATEWAY}/decisions`, { data: body, headers: { 'idempotency-key': 'e2e-flow-1' } });
    expect(retry.status()).toBe(200);
    expect(((await retry.json()) as { id: string }).id).toBe(decision.id);

    // The caller waits for the answer while the reviewer works.
    const longPoll = api.get(`/api/v1/projects/${GATEWAY}/decisions/${decision.id}?wait=30`, { timeout: 60_000 });

    const reviewer = await newDemoPage(browser, DEMO_ACCOUNTS.reviewer);
    await reviewer.goto(`/projects/${GATEWAY}/decisions`);
    const entry = reviewer.getByTestId('decision-entry').filter({ hasText: 'razor2 question' });
    await entry.getByRole('button').first().click();
    await expect(reviewer.getByRole('article').getByText('Thanks Justin', { exact: false })).toBeVisible();
    // The model takes this mailing-list reply for ham; the reviewer overrides it to spam, which one
    // reviewer may decide alone (releasing mail as ham is high-stakes there: two must agree).
    expect(decision.prediction?.label).toBe('ham');
    const overrideLabel = 'spam';
    await reviewer.getByTestId('decision-label').selectOption(overrideLabel);
    await reviewer.getByTestId('decision-reason').fill('Forwarded to me by the CEO: handled by hand.');
    await reviewer.getByRole('button', { name: /^Override/ }).click();

    const answered = await longPoll;
    expect(answered.status()).toBe(200);
    const settled = (await answered.json()) as { status: string; label: string | null; decidedBy: string | null };
    expect(settled).toMatchObject({ status: 'decided', label: overrideLabel, decidedBy: 'human' });

    await expect.poll(() => received.length, { timeout: 10_000 }).toBeGreaterThan(0);
    const message = received[0]!;
    const verified = new Webhook(secret).verify(message.body, message.headers) as { type: string; data: { id: string; label: string } };
    expect(verified).toMatchObject({ type: 'decision.decided', data: { id: decision.id, label: overrideLabel } });
    expect(message.headers['webhook-id']).toMatch(/^msg_/);
    await reviewer.context().close();
    await api.dispose();
  } finally {
    receiver.close();
  }
});

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Database } from '@/db/client';
import type { TActor } from '@/server/auth/actor';
import { answerDecision } from '@/server/services/decisions/answer-decision';
import { createDecisions } from '@/server/services/decisions/create-decisions';
import { setDecisionWebhookUrl } from '@/server/services/decisions/decision-webhook-settings';
import { runWebhookDelivery } from '@/server/worker/decision-tasks';

export type TWebhookLatency = { cases: number; delivered: number; latenciesMs: number[] };

/**
 * From a person's answer (its transaction committed) to the signed webhook arriving at a receiver on
 * this machine: `count` pending cases are answered one after another while the delivery loop runs in
 * this process, as the in-app worker does beside the app. (A separate `quorum worker` is not woken by
 * another process's commit: it finds the delivery at its next poll, every 500 ms.)
 * Needs QUORUM_WEBHOOK_ALLOW_PRIVATE=1 in this process's environment before its first read.
 */
export async function measureWebhookLatency(db: Database, input: { projectId: number; owner: TActor; texts: string[] }): Promise<TWebhookLatency> {
  const arrivals = new Map<string, number>();
  const receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const at = performance.now();
      const message = JSON.parse(body) as { data: { id: string } };
      if (!arrivals.has(message.data.id)) arrivals.set(message.data.id, at);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const controller = new AbortController();
  const delivery = runWebhookDelivery({ db, signal: controller.signal });
  try {
    await setDecisionWebhookUrl(db, input.owner, input.projectId, `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`);
    const created = await createDecisions(
      db,
      input.owner,
      input.projectId,
      input.texts.map((text) => ({ text })),
    );
    const answeredAt = new Map<string, number>();
    for (const result of created) {
      if (result instanceof Error) throw result;
      const { decision } = result;
      await answerDecision(db, { actor: input.owner, role: 'manager' }, input.projectId, { decisionId: decision.id, inputHash: decision.inputHash, answer: 'reject', reason: 'benchmark' });
      answeredAt.set(decision.id, performance.now());
    }
    const deadline = performance.now() + 30_000;
    while (arrivals.size < answeredAt.size && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    const latenciesMs = [...answeredAt].flatMap(([id, at]) => (arrivals.has(id) ? [arrivals.get(id)! - at] : []));
    return { cases: answeredAt.size, delivered: latenciesMs.length, latenciesMs };
  } finally {
    controller.abort();
    await delivery;
    receiver.close();
  }
}

import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Database } from '@/db/client';
import { decisions } from '@/db/schema';
import { appendDecisionLog } from '@/server/services/decisions/append-decision-log';

/**
 * Decisions inserted directly with their log entries, for the tests of the record, webhooks,
 * exports and retention (the intake that creates them in the app is another service).
 */
export type TSeedDecision = Partial<typeof decisions.$inferInsert>;

export async function seedDecision(db: Database, projectId: number, spec: TSeedDecision = {}): Promise<typeof decisions.$inferSelect> {
  return db.transaction(async (tx) => {
    const id = spec.id ?? `dec_${randomUUID().replaceAll('-', '')}`;
    const [row] = await tx
      .insert(decisions)
      .values({
        id,
        projectId,
        requestHash: 'r'.repeat(64),
        inputHash: 'i'.repeat(64),
        text: 'Refund my order #123',
        status: 'decided',
        route: 'auto',
        routeReason: 'above_threshold',
        predictedLabel: 'positive',
        probability: 0.97,
        probabilities: { positive: 0.97, negative: 0.03 },
        modelHash: 'm'.repeat(64),
        policy: { mode: 'human_in_the_loop' },
        certificate: {
          certificateId: 1,
          form: 'error',
          alpha: 0.05,
          delta: 0.05,
          threshold: 0.9,
          n: 400,
          k: 6,
          upperBound: 0.0295,
          coverage: 0.62,
          calibration: { evalItems: 600, liveCases: 45, from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z', dataHash: 'abcdef0123456789' },
          modelHash: 'm'.repeat(64),
          approvedAt: '2026-12-01T12:00:00.000Z',
        },
        label: 'positive',
        outcomeReason: 'above_threshold',
        decidedAt: new Date(),
        ...spec,
      })
      .returning();
    if (!row) throw new Error('decision not stored');
    await appendDecisionLog(tx, projectId, [
      { decisionId: id, event: 'received', body: { route: row.route, reason: row.routeReason } },
      ...(row.status === 'pending' ? [] : [{ decisionId: id, event: 'decided', body: { status: row.status, label: row.label } }]),
    ]);
    return row;
  });
}

export type TTestReceiver = {
  url: string;
  requests: { headers: http.IncomingHttpHeaders; body: string }[];
  close: () => Promise<void>;
};

/** A webhook receiver on 127.0.0.1 that answers each request with the next status of `statuses` (the last one repeats). */
export async function startTestReceiver(statuses: number[]): Promise<TTestReceiver> {
  const requests: TTestReceiver['requests'] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      const status = statuses[Math.min(requests.length, statuses.length) - 1] ?? 200;
      response.writeHead(status, { 'content-type': 'text/plain' }).end(status >= 300 ? 'receiver says no' : 'ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

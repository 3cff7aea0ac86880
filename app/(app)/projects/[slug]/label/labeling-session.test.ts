import { describe, expect, it } from 'vitest';
import type { TQueueTask } from '@/server/routers/label.schema';
import { ExchangeError, LabelingSession, type TExchangeRequest, type TExchangeResponse } from './labeling-session';

/** A fake server: items 1..n in order, answers stored once per client id, a scripted failure list. */
function fakeServer(itemCount: number, options: { leaseMs?: number; failures?: (ExchangeError | null)[] } = {}) {
  let nextItem = 1;
  const stored = new Map<string, number>();
  const requests: TExchangeRequest[] = [];
  const failures = [...(options.failures ?? [])];
  const task = (itemId: number): TQueueTask => ({ itemId, text: `item ${itemId}`, metadata: {}, mediaHash: null, leaseExpiresAt: new Date(Date.now() + (options.leaseMs ?? 600_000)), suggestion: null });
  async function exchange(request: TExchangeRequest): Promise<TExchangeResponse> {
    requests.push(structuredClone(request));
    await new Promise((resolve) => setTimeout(resolve, 5));
    const failure = failures.shift();
    if (failure) throw failure;
    const results = request.answers.map((answer) => {
      const isDuplicate = stored.has(answer.clientId);
      if (!isDuplicate) stored.set(answer.clientId, answer.itemId);
      return { clientId: answer.clientId, itemId: answer.itemId, status: 'stored' as const, isDuplicate, annotationId: answer.itemId, labelId: 1, value: null, undoUntil: new Date() };
    });
    const tasks: TQueueTask[] = [];
    while (tasks.length < request.want && nextItem <= itemCount) tasks.push(task(nextItem++));
    return { results, tasks, serverTime: new Date() };
  }
  return { exchange, stored, requests };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 30));
let clientCounter = 0;
const clientId = () => `00000000-0000-4000-8000-${String(++clientCounter).padStart(12, '0')}`;

describe('LabelingSession', () => {
  it('fills a batch, shows the next task at once, and sends answers several per exchange when the batch runs low', async () => {
    const server = fakeServer(100);
    // A clock that moves a second per answer: a pace the quick fake server covers with two tasks left.
    let clock = 0;
    const session = new LabelingSession({ batchSize: 6, exchange: server.exchange, maxAnswerDelayMs: 60_000, now: () => clock });
    session.start();
    await session.waitForTask();
    expect(session.tasks.map((task) => task.itemId)).toEqual([1, 2, 3, 4, 5, 6]);
    // Four answers: down to two held, the refill point; the fourth answer starts one exchange with all four.
    for (let index = 0; index < 4; index++) {
      const onScreen = session.current?.itemId;
      clock += 1000;
      session.answer({ clientId: clientId(), labelId: 1 }, 'Label');
      expect(session.current?.itemId).toBe((onScreen ?? 0) + 1);
      if (index < 3) expect(server.requests).toHaveLength(1);
    }
    await settle();
    expect(server.requests.map((request) => [request.answers.map((answer) => answer.itemId), request.want])).toEqual([
      [[], 6],
      [[1, 2, 3, 4], 4],
    ]);
    expect(server.requests[1]?.holdItemIds).toEqual([5, 6, 1, 2, 3, 4]);
    expect(session.tasks.map((task) => task.itemId)).toEqual([5, 6, 7, 8, 9, 10]);
    expect(session.outbox).toEqual([]);
    session.stop();
  });

  it('refills earlier when a round trip takes longer than the tasks left would last, up to half the batch', async () => {
    const server = fakeServer(100);
    let clock = 0;
    // Every exchange takes 300 ms on this clock; the annotator answers every 100 ms.
    const exchange = async (request: TExchangeRequest) => {
      const response = await server.exchange(request);
      clock += 300;
      return response;
    };
    const session = new LabelingSession({ batchSize: 6, exchange, maxAnswerDelayMs: 60_000, now: () => clock });
    session.start();
    await session.waitForTask();
    for (let index = 0; index < 3; index++) {
      clock += 100;
      session.answer({ clientId: clientId(), labelId: 1 }, 'Label');
    }
    await settle();
    // ceil(300 / 100) + 1 = 4 left wanted, capped at half the batch: the third answer (three left) refills.
    expect(server.requests.map((request) => [request.answers.map((answer) => answer.itemId), request.want])).toEqual([
      [[], 6],
      [[1, 2, 3], 3],
    ]);
    session.stop();
  });

  it('sends an answer on its own after the longest delay when the batch is not low', async () => {
    const server = fakeServer(100);
    const session = new LabelingSession({ batchSize: 10, exchange: server.exchange, maxAnswerDelayMs: 80 });
    session.start();
    await session.waitForTask();
    session.answer({ clientId: clientId(), labelId: 1 }, 'Label');
    await settle();
    expect(server.requests).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(server.requests.map((request) => [request.answers.length, request.want])).toEqual([
      [0, 10],
      [1, 0],
    ]);
    expect(server.stored.size).toBe(1);
    session.stop();
  });

  it('retries a failed exchange with the same answers, and stores each once', async () => {
    const server = fakeServer(100, { failures: [null, new ExchangeError('Bad gateway', 502), new ExchangeError('no answer', undefined)] });
    const stored: number[] = [];
    const session = new LabelingSession({ batchSize: 2, exchange: server.exchange, maxAnswerDelayMs: 0, events: { onStored: (entry) => stored.push(entry.answer.itemId) } });
    session.start();
    await session.waitForTask();
    session.answer({ clientId: clientId(), labelId: 1 }, 'Label');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const sent = server.requests.slice(1).map((request) => request.answers.map((answer) => answer.clientId));
    expect(sent.length).toBe(3);
    expect(new Set(sent.flat()).size).toBe(1);
    expect(stored).toEqual([1]);
    expect(session.outbox).toEqual([]);
    session.stop();
  });

  it('keeps answers refused as a whole (signed out) for a manual retry, and never drops them', async () => {
    const server = fakeServer(100, { failures: [null, new ExchangeError('Sign in', 401)] });
    const session = new LabelingSession({ batchSize: 2, exchange: server.exchange, maxAnswerDelayMs: 0 });
    session.start();
    await session.waitForTask();
    session.answer({ clientId: clientId(), labelId: 1 }, 'Label');
    await settle();
    expect(session.outbox.map((entry) => entry.state)).toEqual(['failed']);
    session.retryFailed();
    await settle();
    expect(session.outbox).toEqual([]);
    expect(server.stored.size).toBe(1);
    session.stop();
  });

  it('drops buffered tasks whose lease is about to end, never the one on screen', async () => {
    const server = fakeServer(100, { leaseMs: 60_000 });
    let skew = 0;
    const session = new LabelingSession({ batchSize: 4, exchange: server.exchange, leaseMarginMs: 15_000, maxAnswerDelayMs: 60_000, now: () => Date.now() + skew });
    session.start();
    await session.waitForTask();
    expect(session.tasks).toHaveLength(4);
    // 50 s later (by this client's clock: the server's is read from each exchange), 10 s of lease are left.
    skew = 50_000;
    session.answer({ clientId: clientId(), labelId: 1 }, 'Label');
    // Item 2 is on screen; 3 and 4 had less than the margin left and were dropped, so the batch refills.
    expect(session.current?.itemId).toBe(2);
    await settle();
    expect(session.tasks.map((task) => task.itemId)).toEqual([2, 5, 6, 7]);
    session.stop();
  });

  it('keeps a quarter of a short lease as the margin, so short leases do not empty the batch', async () => {
    const server = fakeServer(100, { leaseMs: 30_000 });
    const session = new LabelingSession({ batchSize: 4, exchange: server.exchange, leaseMarginMs: 15_000, maxAnswerDelayMs: 60_000 });
    session.start();
    await session.waitForTask();
    session.answer({ clientId: clientId(), labelId: 1 }, 'Label');
    await settle();
    expect(session.tasks.map((task) => task.itemId)).toEqual([2, 3, 4]);
    expect(server.requests).toHaveLength(1);
    session.stop();
  });
});

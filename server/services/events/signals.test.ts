import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { openPostgres } from '@/db/postgres';
import { assertLocalDatabase, createTestDatabase } from '@/db/testing';
import { waitForDecisionChange, notifyDecisionsChanged } from '@/server/services/decisions/decision-events';
import { wakeWorkers } from '@/server/services/jobs/wake-workers';
import { listenForSignals } from './listen-for-signals';
import { publishSignals } from './publish-signals';
import { createSignalBus } from './signal-bus';

const baseUrl = process.env.TEST_DATABASE_URL;
/** Far beyond any signal's delivery: a waiter that ends well before it was woken, not timed out. */
const TIMEOUT_MS = 20_000;

const uniqueTopic = () => `decision:test-${randomBytes(6).toString('hex')}`;

async function timeWait(wait: Promise<void>, trigger: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await trigger();
  await wait;
  return performance.now() - started;
}

describe('signals inside one process', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await createTestDatabase();
  });
  afterAll(() => handle.close());

  it('wakes this process at once, on either database', async () => {
    const decisionId = `dec_${randomBytes(6).toString('hex')}`;
    const elapsed = await timeWait(waitForDecisionChange(decisionId, TIMEOUT_MS), () => notifyDecisionsChanged(handle.db, [decisionId]));
    expect(elapsed).toBeLessThan(TIMEOUT_MS / 4);
  });

  it('leaves other topics waiting', async () => {
    const bus = createSignalBus();
    let isWoken = false;
    const waiting = bus.wait('decision:a', 200).then(() => (isWoken = true));
    bus.emit('decision:b');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(isWoken).toBe(false);
    await waiting;
  });
});

// Two processes are two pools and two buses: the publisher's pool, and a listener feeding a bus of its
// own, so only PostgreSQL can carry the signal from one to the other.
describe.skipIf(!baseUrl)('signals between processes on one PostgreSQL', () => {
  let publisher: DatabaseHandle;
  beforeAll(async () => {
    assertLocalDatabase(baseUrl!);
    publisher = await openPostgres(baseUrl!, { poolSize: 2 });
  });
  afterAll(() => publisher.close());

  it("wakes another process's waiters for a settled decision and for queued work", async () => {
    const otherBus = createSignalBus();
    const listener = listenForSignals(baseUrl!, { bus: otherBus });
    try {
      await listener.ready;
      const topic = uniqueTopic();
      const decisionMs = await timeWait(otherBus.wait(topic, TIMEOUT_MS), () => publishSignals(publisher.db, [uniqueTopic(), topic]));
      const wakeMs = await timeWait(otherBus.wait('wake', TIMEOUT_MS), () => wakeWorkers(publisher.db));
      expect(decisionMs).toBeLessThan(TIMEOUT_MS / 4);
      expect(wakeMs).toBeLessThan(TIMEOUT_MS / 4);
    } finally {
      await listener.close();
    }
  });

  it('skips the signals its own process sent', async () => {
    const bus = createSignalBus();
    const heard: string[] = [];
    const emit = bus.emit;
    bus.emit = (topic) => {
      heard.push(topic);
      emit(topic);
    };
    const listener = listenForSignals(baseUrl!, { bus });
    try {
      await listener.ready;
      const own = uniqueTopic();
      const foreign = uniqueTopic();
      const heardForeign = bus.wait(foreign, TIMEOUT_MS);
      const client = new pg.Client({ connectionString: baseUrl });
      await client.connect();
      await client.query("select pg_notify('quorum_signals', $1), pg_notify('quorum_signals', $2)", [`${bus.source} ${own}`, `elsewhere ${foreign}`]);
      await client.end();
      await heardForeign;
      expect(heard).toEqual([foreign]);
    } finally {
      await listener.close();
    }
  });

  it('reconnects after losing its connection, and wakes the workers to catch up', async () => {
    const bus = createSignalBus();
    const applicationName = `quorum signals test ${randomBytes(4).toString('hex')}`;
    const listener = listenForSignals(baseUrl!, { bus, applicationName });
    try {
      await listener.ready;
      const caughtUp = bus.wait('wake', TIMEOUT_MS);
      const started = performance.now();
      const killed = await publisher.db.execute(sql`select pg_terminate_backend(pid) from pg_stat_activity where application_name = ${applicationName}`);
      expect(killed.rows).toHaveLength(1);
      await caughtUp;
      expect(performance.now() - started).toBeLessThan(TIMEOUT_MS / 4);
      const topic = uniqueTopic();
      const elapsed = await timeWait(bus.wait(topic, TIMEOUT_MS), () => publishSignals(publisher.db, [topic]));
      expect(elapsed).toBeLessThan(TIMEOUT_MS / 4);
    } finally {
      await listener.close();
    }
  });
});

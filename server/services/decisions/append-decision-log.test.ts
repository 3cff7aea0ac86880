import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import { appendDecisionLog, verifyDecisionLog } from './append-decision-log';

describe('decision log', () => {
  let harness: TTestHarness;
  beforeAll(async () => {
    harness = await createTestHarness();
  });
  afterAll(() => harness.close());

  it('links each project its own gapless chain, across transactions and concurrent appends', async () => {
    const { db } = harness;
    await db.transaction((tx) => appendDecisionLog(tx, 101, [{ decisionId: 'a', event: 'received', body: { route: 'human', probability: 0.51 } }]));
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        db.transaction((tx) =>
          appendDecisionLog(tx, 101, [
            { decisionId: `d${i}`, event: 'received', body: { n: i } },
            { decisionId: `d${i}`, event: 'decided', body: { label: 'spam', nested: { b: 1, a: [1, 2] } } },
          ]),
        ),
      ),
    );
    await db.transaction((tx) => appendDecisionLog(tx, 102, [{ decisionId: 'other', event: 'received', body: {} }]));
    expect(await verifyDecisionLog(db, 101)).toEqual({ entries: 17, firstSeq: 1, lastSeq: 17, break: null });
    expect(await verifyDecisionLog(db, 102, 1)).toEqual({ entries: 1, firstSeq: 1, lastSeq: 1, break: null });
    expect(await verifyDecisionLog(db, 103)).toEqual({ entries: 0, firstSeq: 1, lastSeq: 0, break: null });
  });

  it('refuses edits and deletes, and a rolled-back transaction leaves the chain as it was', async () => {
    const { db } = harness;
    await expect(db.execute(sql`update decision_log set body = '{}' where project_id = 101`)).rejects.toThrow();
    await expect(db.execute(sql`delete from decision_log where project_id = 101`)).rejects.toThrow();
    await expect(db.execute(sql`truncate decision_log`)).rejects.toThrow();
    await expect(
      db.transaction(async (tx) => {
        await appendDecisionLog(tx, 101, [{ decisionId: 'x', event: 'received', body: {} }]);
        throw new Error('caller failed');
      }),
    ).rejects.toThrow('caller failed');
    expect((await verifyDecisionLog(db, 101)).lastSeq).toBe(17);
  });

  it('finds an entry edited behind the trigger, and a log cut short', async () => {
    const { db } = harness;
    await db.transaction((tx) => appendDecisionLog(tx, 104, [1, 2, 3].map((n) => ({ decisionId: `t${n}`, event: 'decided', body: { label: 'ham' } }))));
    // Someone with the database owner's rights switches the trigger off to forge a label.
    await db.execute(sql`alter table decision_log disable trigger decision_log_append_only`);
    try {
      await db.execute(sql`update decision_log set body = jsonb_set(body, '{label}', '"spam"') where project_id = 104 and seq = 2`);
      expect((await verifyDecisionLog(db, 104)).break).toEqual({ seq: 2, problem: 'content' });
      await db.execute(sql`update decision_log set body = jsonb_set(body, '{label}', '"ham"') where project_id = 104 and seq = 2`);
      expect((await verifyDecisionLog(db, 104)).break).toBeNull();
      await db.execute(sql`delete from decision_log where project_id = 104 and seq = 3`);
      expect((await verifyDecisionLog(db, 104)).break).toEqual({ seq: 3, problem: 'head' });
    } finally {
      await db.execute(sql`alter table decision_log enable trigger decision_log_append_only`);
    }
  });
});

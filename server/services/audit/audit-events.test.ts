import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import { listAuditEvents, recordAuditEvent } from './audit-events';

describe('audit trail', () => {
  let harness: TTestHarness;
  beforeAll(async () => {
    harness = await createTestHarness();
  });
  afterAll(() => harness.close());

  it('records who did what to which subject, before and after', async () => {
    const actor = await harness.createUser('Auditor', 'admin');
    const project = await harness.createProjectAs(actor, 'audited');
    await recordAuditEvent(harness.db, { actor, projectId: project.id, action: 'test.change', subjectType: 'item', subjectId: 7, before: { a: 1 }, after: { a: 2 } });
    const [latest] = await listAuditEvents(harness.db, project.id, { limit: 1 });
    expect(latest).toMatchObject({ action: 'test.change', actorId: actor.userId, actorName: 'Auditor', actorType: 'user', subjectType: 'item', subjectId: '7', before: { a: 1 }, after: { a: 2 } });
    expect(latest?.createdAt).toBeInstanceOf(Date);
  });

  it('is append-only: updates, deletes and truncation are refused by the database', async () => {
    await recordAuditEvent(harness.db, { actor: null, action: 'system.event', subjectType: 'instance', subjectId: 'x' });
    await expect(harness.db.execute(sql`update audit_events set action = 'forged'`)).rejects.toThrow();
    await expect(harness.db.execute(sql`delete from audit_events`)).rejects.toThrow();
    await expect(harness.db.execute(sql`truncate audit_events`)).rejects.toThrow();
    const remaining = await harness.db.execute<{ n: number }>(sql`select count(*)::int as n from audit_events where action = 'forged'`);
    expect(Number(remaining.rows[0]?.n)).toBe(0);
  });
});

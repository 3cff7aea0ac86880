import { and, eq, inArray } from 'drizzle-orm';
import { annotations, auditEvents, items, projectLabels, users } from '@/db/schema';
import type { TTestHarness } from './harness';

/** Items `item-0…` of a project, each labeled by every annotator with the label `labelFor` picks. */
export async function seedAnnotatedItems(
  harness: TTestHarness,
  projectId: number,
  options: { count: number; annotatorIds: string[]; labelFor: (itemIndex: number, annotatorIndex: number) => string },
): Promise<void> {
  const labels = await harness.db.select({ id: projectLabels.id, name: projectLabels.name }).from(projectLabels).where(eq(projectLabels.projectId, projectId));
  const labelId = (name: string) => labels.find((label) => label.name === name)!.id;
  const created = await harness.db
    .insert(items)
    .values(Array.from({ length: options.count }, (_, i) => ({ projectId, externalId: `item-${i}`, contentHash: `hash-${i}`, text: `text number ${i}`, metadata: {} })))
    .returning({ id: items.id });
  await harness.db
    .insert(annotations)
    .values(created.flatMap((item, i) => options.annotatorIds.map((annotatorId, a) => ({ projectId, itemId: item.id, annotatorId, labelId: labelId(options.labelFor(i, a)) }))));
}

/** A project's annotations per annotator account, with the account's name and whether it can sign in. */
export async function listProjectAnnotators(harness: TTestHarness, projectId: number) {
  const rows = await harness.db.select({ annotatorId: annotations.annotatorId }).from(annotations).where(eq(annotations.projectId, projectId));
  const ids = [...new Set(rows.map((row) => row.annotatorId))];
  const accounts = ids.length === 0 ? [] : await harness.db.select({ id: users.id, name: users.name, banned: users.banned }).from(users).where(inArray(users.id, ids));
  return { total: rows.length, accounts };
}

export async function readUserName(harness: TTestHarness, userId: string): Promise<string | undefined> {
  const [row] = await harness.db.select({ name: users.name }).from(users).where(eq(users.id, userId));
  return row?.name;
}

export async function listUserAuditEvents(harness: TTestHarness, userId: string, action: string) {
  return harness.db
    .select({ action: auditEvents.action, actorId: auditEvents.actorId, before: auditEvents.before, after: auditEvents.after })
    .from(auditEvents)
    .where(and(eq(auditEvents.subjectType, 'user'), eq(auditEvents.subjectId, userId), eq(auditEvents.action, action)));
}

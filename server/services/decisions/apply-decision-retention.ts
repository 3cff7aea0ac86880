import { and, eq, gte, inArray, lt, lte, max, min, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { decisionLog, decisionLogHeads, decisions, projects } from '@/db/schema';
import { recordAuditEvent } from '@/server/services/audit/audit-events';
import { parseProjectSettings } from '@/server/services/projects/project-settings';
import { verifyDecisionLog } from './append-decision-log';

const DAY_MS = 86_400_000;

export type TRetentionOutcome =
  | { projectId: number; status: 'applied'; cutoff: string; decisionsDeleted: number; logEntriesDeleted: number; firstSeq: number }
  /** The chain did not verify: nothing is deleted, so tampering is never cut away with the old entries. */
  | { projectId: number; status: 'refused'; cutoff: string; break: { seq: number; problem: string } };

/**
 * Removes what a project keeps no longer (`decisionRetentionDays`): decisions settled before the
 * cutoff (their reviews and webhook deliveries go with them) and the oldest part of the decision log.
 * Only a prefix of the log goes, ending at the last entry older than the cutoff but before the first
 * entry of a decision still kept (a case pending for months keeps its whole history). The head's
 * `firstSeq`/`anchorHash` then point at the kept chain's start, so it still verifies from there.
 */
export async function applyDecisionRetention(db: Database, projectId: number, now = new Date()): Promise<TRetentionOutcome> {
  const [project] = await db.select({ settings: projects.settings }).from(projects).where(eq(projects.id, projectId));
  const days = parseProjectSettings(project?.settings).decisionRetentionDays;
  const cutoff = new Date(now.getTime() - days * DAY_MS);
  // Verified before the head is locked, so a long log never holds up new decisions; appends
  // meanwhile only add entries after the ones that may go.
  const verdict = await verifyDecisionLog(db, projectId);
  if (verdict.break) {
    const outcome: TRetentionOutcome = { projectId, status: 'refused', cutoff: cutoff.toISOString(), break: verdict.break };
    await recordAuditEvent(db, { actor: null, projectId, action: 'decision.retention', subjectType: 'project', subjectId: projectId, after: outcome });
    return outcome;
  }
  return db.transaction(async (tx) => {
    // The migration's trigger lets this transaction, and only this one, delete log entries.
    await tx.execute(sql`set local quorum.decision_log_retention = 'on'`);
    const [head] = await tx.select().from(decisionLogHeads).where(eq(decisionLogHeads.projectId, projectId)).for('update');
    const deleted = await tx
      .delete(decisions)
      .where(and(eq(decisions.projectId, projectId), inArray(decisions.status, ['decided', 'rejected']), lt(sql`coalesce(${decisions.decidedAt}, ${decisions.updatedAt})`, cutoff)))
      .returning({ id: decisions.id });
    let logEntriesDeleted = 0;
    let firstSeq = head?.firstSeq ?? 1;
    if (head) {
      const cut = await findLogCut(tx, projectId, head.firstSeq, cutoff);
      if (cut >= head.firstSeq) {
        const [anchor] = await tx.select({ hash: decisionLog.hash }).from(decisionLog).where(and(eq(decisionLog.projectId, projectId), eq(decisionLog.seq, cut)));
        if (!anchor) throw new Error(`decision log entry ${cut} of project ${projectId} vanished during retention`);
        const removed = await tx
          .delete(decisionLog)
          .where(and(eq(decisionLog.projectId, projectId), gte(decisionLog.seq, head.firstSeq), lte(decisionLog.seq, cut)))
          .returning({ seq: decisionLog.seq });
        // A gapless prefix or nothing: any other count means the log had a hole, and the transaction is undone.
        if (removed.length !== cut - head.firstSeq + 1) throw new Error(`decision log of project ${projectId} has a hole before entry ${cut}; retention refused`);
        logEntriesDeleted = removed.length;
        firstSeq = cut + 1;
        await tx.update(decisionLogHeads).set({ firstSeq, anchorHash: anchor.hash }).where(eq(decisionLogHeads.projectId, projectId));
      }
    }
    const outcome: TRetentionOutcome = { projectId, status: 'applied', cutoff: cutoff.toISOString(), decisionsDeleted: deleted.length, logEntriesDeleted, firstSeq };
    await recordAuditEvent(tx, { actor: null, projectId, action: 'decision.retention', subjectType: 'project', subjectId: projectId, after: outcome });
    return outcome;
  });
}

/** The last entry that may go: older than the cutoff, and before the first entry of any decision still kept. */
async function findLogCut(tx: Database, projectId: number, firstSeq: number, cutoff: Date): Promise<number> {
  const [old] = await tx
    .select({ seq: max(decisionLog.seq) })
    .from(decisionLog)
    .where(and(eq(decisionLog.projectId, projectId), gte(decisionLog.seq, firstSeq), lt(decisionLog.createdAt, cutoff)));
  const lastOld = old?.seq === null || old?.seq === undefined ? firstSeq - 1 : Number(old.seq);
  if (lastOld < firstSeq) return firstSeq - 1;
  const [kept] = await tx
    .select({ seq: min(decisionLog.seq) })
    .from(decisionLog)
    .innerJoin(decisions, eq(decisions.id, decisionLog.decisionId))
    .where(and(eq(decisionLog.projectId, projectId), gte(decisionLog.seq, firstSeq), lte(decisionLog.seq, lastOld)));
  const firstKept = kept?.seq === null || kept?.seq === undefined ? null : Number(kept.seq);
  return firstKept === null ? lastOld : Math.min(lastOld, firstKept - 1);
}

/** Retention for every project with a decision log; run daily by the worker. One project's failure does not stop the rest. */
export async function applyDecisionRetentionToAll(db: Database, now = new Date()): Promise<TRetentionOutcome[]> {
  const heads = await db.select({ projectId: decisionLogHeads.projectId }).from(decisionLogHeads).innerJoin(projects, eq(projects.id, decisionLogHeads.projectId));
  const outcomes: TRetentionOutcome[] = [];
  for (const { projectId } of heads) {
    try {
      outcomes.push(await applyDecisionRetention(db, projectId, now));
    } catch (error) {
      console.error(`[retention] project ${projectId}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return outcomes;
}

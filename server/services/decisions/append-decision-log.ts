import { and, asc, eq, gte } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { decisionLog, decisionLogHeads } from '@/db/schema';
import { checkChainEntry, GENESIS_HASH, hashChainEntry, type TChainEntry } from './decision-chain';

export type TDecisionLogEvent = {
  decisionId: string;
  /** 'received', 'decided', 'reviewed', 'escalated', 'deadline', 'webhook'... */
  event: string;
  /** Everything the record must show; plain JSON (numbers finite, no undefined inside arrays). */
  body: Record<string, unknown>;
};

/**
 * Appends entries to a project's decision log, linked to the chain. Call it inside the transaction
 * that makes the change it records, so both land or neither. The project's head row is locked for
 * the rest of the transaction, so appends are serialized per project: callers on a hot path should
 * append many entries per call (one transaction per batch, not per case).
 */
export async function appendDecisionLog(tx: Database, projectId: number, events: readonly TDecisionLogEvent[]): Promise<void> {
  if (events.length === 0) return;
  await tx.insert(decisionLogHeads).values({ projectId, seq: 0, hash: GENESIS_HASH, firstSeq: 1, anchorHash: GENESIS_HASH }).onConflictDoNothing();
  const [head] = await tx.select({ seq: decisionLogHeads.seq, hash: decisionLogHeads.hash }).from(decisionLogHeads).where(eq(decisionLogHeads.projectId, projectId)).for('update');
  if (!head) throw new Error(`decision log head for project ${projectId} vanished`);
  let { seq, hash } = head;
  const rows = events.map(({ decisionId, event, body }) => {
    seq += 1;
    // The event name and decision id are inside the hashed body, so neither can be edited alone.
    const hashed = { decisionId, event, ...body };
    const prevHash = hash;
    hash = hashChainEntry(prevHash, seq, hashed);
    return { projectId, seq, decisionId, event, body: hashed, prevHash, hash };
  });
  for (let start = 0; start < rows.length; start += 500) await tx.insert(decisionLog).values(rows.slice(start, start + 500));
  await tx.update(decisionLogHeads).set({ seq, hash }).where(eq(decisionLogHeads.projectId, projectId));
}

export type TChainVerdict = {
  entries: number;
  firstSeq: number;
  lastSeq: number;
  /** The first entry that does not check out, or null when the chain is intact. */
  break: { seq: number; problem: 'sequence' | 'link' | 'content' | 'head' } | null;
};

/**
 * Re-hashes a project's whole log from its anchor (the genesis hash, or where retention cut it)
 * and checks that the head row points at the last entry. Reads in pages, so a long log is fine.
 */
export async function verifyDecisionLog(db: Database, projectId: number, pageSize = 5000): Promise<TChainVerdict> {
  const [head] = await db.select().from(decisionLogHeads).where(eq(decisionLogHeads.projectId, projectId));
  if (!head) return { entries: 0, firstSeq: 1, lastSeq: 0, break: null };
  let prevHash = head.anchorHash;
  let expectedSeq = head.firstSeq;
  let entries = 0;
  for (;;) {
    const page = await db
      .select({ seq: decisionLog.seq, body: decisionLog.body, prevHash: decisionLog.prevHash, hash: decisionLog.hash })
      .from(decisionLog)
      .where(and(eq(decisionLog.projectId, projectId), gte(decisionLog.seq, expectedSeq)))
      .orderBy(asc(decisionLog.seq))
      .limit(pageSize);
    for (const entry of page as TChainEntry[]) {
      const problem = checkChainEntry(entry, expectedSeq, prevHash);
      if (problem) return { entries, firstSeq: head.firstSeq, lastSeq: expectedSeq - 1, break: { seq: entry.seq, problem } };
      prevHash = entry.hash;
      expectedSeq++;
      entries++;
    }
    if (page.length < pageSize) break;
  }
  const lastSeq = expectedSeq - 1;
  const headProblem = head.seq !== lastSeq || head.hash !== prevHash;
  return { entries, firstSeq: head.firstSeq, lastSeq, break: headProblem ? { seq: Math.min(head.seq, lastSeq) + 1, problem: 'head' } : null };
}

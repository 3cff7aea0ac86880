import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { decisions } from '@/db/schema';
import { appendDecisionLog, type TDecisionLogEvent } from './append-decision-log';
import { hashCanonicalJson } from './decision-chain';

export type TNewDecision = typeof decisions.$inferInsert & { id: string; projectId: number; requestHash: string };
export type TDecisionRow = typeof decisions.$inferSelect;

/** One case's outcome: stored now, the earlier decision with the same key, or that key with another request. */
export type TWriteOutcome = { kind: 'created'; row: TDecisionRow } | { kind: 'replayed'; row: TDecisionRow } | { kind: 'conflict'; row: TDecisionRow };

/** Rows a transaction takes at most; a larger gathering is written in several. */
const MAX_ROWS_PER_TRANSACTION = 2_000;
/** Rows per INSERT statement: PostgreSQL takes at most 65,535 parameters, a decision has ~25 columns. */
const INSERT_CHUNK = 500;
/** The partial unique index's predicate: ON CONFLICT must name it to use the index. */
const HAS_IDEMPOTENCY_KEY = sql`${decisions.idempotencyKey} is not null`;

type TPendingWrite = { rows: readonly TNewDecision[]; resolve: (outcomes: TWriteOutcome[]) => void; reject: (error: unknown) => void };
type TProjectWriter = { queue: TPendingWrite[]; isFlushing: boolean };
type TWritersGlobal = typeof globalThis & { __quorumDecisionWriters?: WeakMap<Database, Map<number, TProjectWriter>> };

function getWriter(db: Database, projectId: number): TProjectWriter {
  const store = globalThis as TWritersGlobal;
  store.__quorumDecisionWriters ??= new WeakMap();
  let byProject = store.__quorumDecisionWriters.get(db);
  if (!byProject) {
    byProject = new Map();
    store.__quorumDecisionWriters.set(db, byProject);
  }
  let writer = byProject.get(projectId);
  if (!writer) {
    writer = { queue: [], isFlushing: false };
    byProject.set(projectId, writer);
  }
  return writer;
}

/**
 * Stores new decisions with their 'received' (and, for the model's, 'decided') log entries, by group
 * commit. Every append locks the project's log head until its transaction commits, so one transaction
 * per case would serialize concurrent requests on that lock, one commit each. Instead the requests of
 * this process are gathered per project: while a transaction is being written the next ones queue, and
 * all that queued are written together in the next transaction (one multi-row insert, one append). An
 * idle project writes at once (after the current tick, which gathers requests that arrived together).
 * Each caller awaits its own rows' outcomes; a failed transaction fails only the requests it carried.
 *
 * Idempotency holds across transactions and servers: the insert skips keys that exist (or that another
 * transaction is inserting, whose commit it waits for) and the stored row is read back; rows are sorted
 * by key so two transactions waiting on each other's keys always lock them in the same order.
 */
export function writeDecisions(db: Database, projectId: number, rows: readonly TNewDecision[]): Promise<TWriteOutcome[]> {
  if (rows.length === 0) return Promise.resolve([]);
  const writer = getWriter(db, projectId);
  return new Promise((resolve, reject) => {
    writer.queue.push({ rows, resolve, reject });
    if (!writer.isFlushing) {
      writer.isFlushing = true;
      setImmediate(() => void flush(db, projectId, writer));
    }
  });
}

async function flush(db: Database, projectId: number, writer: TProjectWriter): Promise<void> {
  while (writer.queue.length > 0) {
    const group: TPendingWrite[] = [];
    let size = 0;
    // Always at least one request, however large (a batch is at most 1,000 cases).
    while (writer.queue.length > 0 && (group.length === 0 || size + writer.queue[0]!.rows.length <= MAX_ROWS_PER_TRANSACTION)) {
      const next = writer.queue.shift()!;
      group.push(next);
      size += next.rows.length;
    }
    try {
      const outcomes = await writeGroup(db, projectId, group.flatMap((pending) => pending.rows));
      let at = 0;
      for (const pending of group) {
        pending.resolve(outcomes.slice(at, at + pending.rows.length));
        at += pending.rows.length;
      }
    } catch (error) {
      for (const pending of group) pending.reject(error);
    }
  }
  writer.isFlushing = false;
}

/** One transaction: insert what is new, read back what existed, append the new rows' log entries. */
async function writeGroup(db: Database, projectId: number, rows: readonly TNewDecision[]): Promise<TWriteOutcome[]> {
  // Within the group, the first row with a key stands for every later one with that key.
  const firstByKey = new Map<string, TNewDecision>();
  const toInsert: TNewDecision[] = [];
  for (const row of rows) {
    if (row.idempotencyKey == null) toInsert.push(row);
    else if (!firstByKey.has(row.idempotencyKey)) {
      firstByKey.set(row.idempotencyKey, row);
      toInsert.push(row);
    }
  }
  toInsert.sort((a, b) => compareKeys(a.idempotencyKey ?? null, b.idempotencyKey ?? null));

  return db.transaction(async (tx) => {
    const inserted = new Map<string, TDecisionRow>();
    for (let start = 0; start < toInsert.length; start += INSERT_CHUNK) {
      const chunk = toInsert.slice(start, start + INSERT_CHUNK);
      const returned = await tx
        .insert(decisions)
        .values(chunk)
        .onConflictDoNothing({ target: [decisions.projectId, decisions.idempotencyKey], where: HAS_IDEMPOTENCY_KEY })
        .returning();
      for (const row of returned) inserted.set(row.id, row);
    }
    // Keys that were already there: the stored decision answers.
    const missingKeys = [...firstByKey.values()].filter((row) => !inserted.has(row.id)).map((row) => row.idempotencyKey!);
    const existing = new Map<string, TDecisionRow>();
    for (let start = 0; start < missingKeys.length; start += INSERT_CHUNK) {
      const found = await tx
        .select()
        .from(decisions)
        .where(and(eq(decisions.projectId, projectId), inArray(decisions.idempotencyKey, missingKeys.slice(start, start + INSERT_CHUNK))));
      for (const row of found) existing.set(row.idempotencyKey!, row);
    }

    const events: TDecisionLogEvent[] = [];
    for (const row of toInsert) {
      const stored = inserted.get(row.id);
      if (stored) events.push(...describeArrival(stored, hashPolicy(row.policy)));
    }
    await appendDecisionLog(tx, projectId, events);

    return rows.map((row): TWriteOutcome => {
      const own = inserted.get(row.id);
      if (own) return { kind: 'created', row: own };
      const earlier = (row.idempotencyKey != null && (inserted.get(firstByKey.get(row.idempotencyKey)!.id) ?? existing.get(row.idempotencyKey))) || null;
      // Inserted rows or rows found by key: one of the two holds every keyed row.
      if (!earlier) throw new Error(`decision with idempotency key ${row.idempotencyKey} neither inserted nor found`);
      return { kind: earlier.requestHash === row.requestHash ? 'replayed' : 'conflict', row: earlier };
    });
  });
}


function compareKeys(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

/** The cases of one request share its policy object: each object is hashed once. */
const policyHashes = new WeakMap<object, string>();

function hashPolicy(policy: Record<string, unknown>): string {
  let hash = policyHashes.get(policy);
  if (!hash) {
    hash = hashCanonicalJson(policy);
    policyHashes.set(policy, hash);
  }
  return hash;
}

/** The log entries of a new case: its arrival with everything the record needs, and the model's decision if it made one. */
export function describeArrival(row: TDecisionRow, policyHash: string): TDecisionLogEvent[] {
  const received: TDecisionLogEvent = {
    decisionId: row.id,
    event: 'received',
    body: {
      inputHash: row.inputHash,
      requestHash: row.requestHash,
      idempotencyKey: row.idempotencyKey,
      route: row.route,
      routeReason: row.routeReason,
      audit: row.audit,
      sampled: row.sampled,
      modelVersionId: row.modelVersionId,
      modelHash: row.modelHash,
      predictedLabel: row.predictedLabel,
      probability: row.probability,
      probabilities: row.probabilities,
      // The full policy is on the decision row; the log pins it by hash, which keeps each entry small
      // on the hot path while an edited row policy stays detectable. The certificate is what the
      // threshold rests on (α, δ, n, k, bound, window, model hash), so it is in the chain itself.
      policyHash,
      certificate: row.certificate,
      requiredApprovals: row.requiredApprovals,
      deadline: row.deadline?.toISOString() ?? null,
      createdBy: row.createdBy,
      at: row.createdAt.toISOString(),
    },
  };
  if (row.status !== 'decided') return [received];
  return [received, { decisionId: row.id, event: 'decided', body: { by: 'model', label: row.label, reason: row.outcomeReason, at: row.decidedAt?.toISOString() ?? null } }];
}

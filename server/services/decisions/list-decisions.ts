import { and, desc, eq, gte, isNull, lt, or, type SQL } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { decisions } from '@/db/schema';
import { AppError } from '@/server/errors';
import type { TDecisionListQuery } from './decision-request';
import { toDecisionView, type TDecisionView } from './decision-view';

export type TDecisionPage = { decisions: TDecisionView[]; nextCursor: string | null };

/**
 * A project's decisions, newest first, filtered by status, route and creation time, a page at a time.
 * The cursor is the last row's (createdAt, id): keyset pagination on the (project, created_at) index,
 * so a deep page costs what the first does and rows added meanwhile do not shift the pages. The cursor's
 * time is exact because createDecisions stores whole milliseconds (what a JavaScript date holds).
 * Hidden gold checks are not decisions of the project and are never listed.
 */
export async function listDecisions(db: Database, projectId: number, query: TDecisionListQuery): Promise<TDecisionPage> {
  // Gold checks (gold-checks.ts) are the reviewers' test, not anyone's decision: other systems never see them.
  const conditions: (SQL | undefined)[] = [eq(decisions.projectId, projectId), isNull(decisions.goldLabel)];
  if (query.status) conditions.push(eq(decisions.status, query.status));
  if (query.route) conditions.push(eq(decisions.route, query.route));
  if (query.since) conditions.push(gte(decisions.createdAt, new Date(query.since)));
  if (query.until) conditions.push(lt(decisions.createdAt, new Date(query.until)));
  if (query.cursor) {
    const after = decodeCursor(query.cursor);
    conditions.push(or(lt(decisions.createdAt, after.createdAt), and(eq(decisions.createdAt, after.createdAt), lt(decisions.id, after.id))));
  }
  const rows = await db
    .select()
    .from(decisions)
    .where(and(...conditions))
    .orderBy(desc(decisions.createdAt), desc(decisions.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return { decisions: page.map(toDecisionView), nextCursor: rows.length > query.limit && last ? encodeCursor(last.createdAt, last.id) : null };
}

function encodeCursor(createdAt: Date, id: string): string {
  return Buffer.from(JSON.stringify([createdAt.toISOString(), id])).toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    const date = new Date(createdAt);
    if (typeof id !== 'string' || Number.isNaN(date.getTime())) throw new Error('bad cursor');
    return { createdAt: date, id };
  } catch {
    throw new AppError('BAD_REQUEST', 'cursor: not a cursor this API returned');
  }
}

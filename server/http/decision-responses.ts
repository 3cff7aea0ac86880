import { AppError, HTTP_STATUS_BY_CODE } from '@/server/errors';
import type { TCreatedDecision } from '@/server/services/decisions/create-decisions';
import { ZIdempotencyKey } from '@/server/services/decisions/decision-request';
import { describeIssues } from './read-json-body';

/** A batch of 1,000 cases of a few KB each, with room: the JSON limit (1 MB by default) is for one case. */
export const DECISION_BATCH_BODY_LIMIT = 16 * 1024 * 1024;

/** The `Idempotency-Key` header, validated; null when absent. A body's own key must agree with it. */
export function readIdempotencyKey(request: Request, bodyKey: string | undefined): string | undefined {
  const header = request.headers.get('idempotency-key');
  if (header === null) return bodyKey;
  const parsed = ZIdempotencyKey.safeParse(header);
  if (!parsed.success) throw new AppError('BAD_REQUEST', describeIssues(parsed.error, 'Idempotency-Key'));
  if (bodyKey !== undefined && bodyKey !== parsed.data) throw new AppError('BAD_REQUEST', 'The Idempotency-Key header and the body’s idempotencyKey differ');
  return parsed.data;
}

/** 201 for a decision made now, 200 for one returned to a retry (the `Idempotent-Replayed` header says so too). */
export function createdDecisionResponse({ decision, isReplay }: TCreatedDecision): Response {
  return Response.json(decision, { status: isReplay ? 200 : 201, headers: isReplay ? { 'idempotent-replayed': 'true' } : {} });
}

/** Each case of a batch in its place: its decision with the status a single request would get, or its error. */
export function describeBatchResults(results: readonly (TCreatedDecision | AppError)[]) {
  return {
    results: results.map((result) =>
      result instanceof AppError
        ? { status: HTTP_STATUS_BY_CODE[result.code], error: { code: result.code, message: result.message } }
        : { status: result.isReplay ? 200 : 201, decision: result.decision },
    ),
  };
}

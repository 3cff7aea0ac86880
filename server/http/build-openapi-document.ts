import { z } from 'zod';
import { createDocument, type ZodOpenApiObject, type ZodOpenApiOperationObject, type ZodOpenApiResponsesObject } from 'zod-openapi';
import { APP_ERROR_CODES } from '@/server/errors';
import { ROUTE_REASONS } from '@/server/services/decisions/decision-policy';
import { MAX_BATCH_CASES, ZDecisionBatch, ZDecisionCase, ZDecisionListQuery, ZDecisionWaitQuery, ZIdempotencyKey } from '@/server/services/decisions/decision-request';
import { ZDecisionView } from '@/server/services/decisions/decision-view';
import { DECISION_WEBHOOK_EVENTS } from '@/server/services/decisions/enqueue-decision-webhook';
import { ZDecisionExportFilter } from '@/server/services/decisions/export-decisions';
import { DECISION_EXPORT_FORMATS } from '@/server/export/write-decision-records';
import { ZLabelBatchInput } from '@/server/services/queue/label-batch-schema';

/**
 * The OpenAPI 3.1 document of the decision API, generated from the same zod schemas the routes parse
 * with and answer in, so it cannot drift from them. zod-openapi (maintained, built on zod 4's own
 * JSON Schema output) assembles it: it turns request schemas into parameters, collects schemas with
 * an `id` into components once, and knows 3.1's `webhooks`, which hand-assembling `z.toJSONSchema`
 * output would each have to redo.
 */
export const API_PATHS = {
  decisions: '/api/v1/projects/{slug}/decisions',
  decision: '/api/v1/projects/{slug}/decisions/{id}',
  batch: '/api/v1/projects/{slug}/decisions:batch',
  export: '/api/v1/projects/{slug}/decisions/export',
  verify: '/api/v1/projects/{slug}/decisions/log/verify',
  labeling: '/api/v1/projects/{slug}/labeling:exchange',
} as const;

const ZDecision = ZDecisionView.meta({ id: 'Decision', description: 'A decision as every door shows it (API, webhooks, CLI).' });
const ZError = z
  .object({
    error: z.object({
      code: z.enum([...APP_ERROR_CODES, 'PAYLOAD_TOO_LARGE', 'INTERNAL_SERVER_ERROR']),
      message: z.string(),
      details: z.unknown().optional(),
      requestId: z.string().optional().meta({ description: 'For unexpected errors: the id the server log has.' }),
    }),
  })
  .meta({ id: 'Error' });
const ZBatchResult = z
  .object({
    status: z.union([z.literal(201), z.literal(200), z.literal(409)]).meta({ description: '201 made now, 200 an earlier decision returned for the same key, 409 the key was used for another request.' }),
    decision: ZDecision.optional(),
    error: ZError.shape.error.optional(),
  })
  .meta({ id: 'BatchResult' });
const ZDecisionPage = z.object({ decisions: z.array(ZDecision), nextCursor: z.string().nullable() }).meta({ id: 'DecisionPage' });
const ZSlug = z.object({ slug: z.string().meta({ description: 'The project’s slug.' }) });

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: ZError } } });
const COMMON_ERRORS: ZodOpenApiResponsesObject = {
  '400': errorResponse('Invalid request: the message names the field.'),
  '401': errorResponse('No or invalid API token.'),
  '403': errorResponse('Your role in this project does not allow this.'),
  '404': errorResponse('No such project (or not yours), or no such decision in it.'),
  '500': errorResponse('Unexpected error; the message carries a request id.'),
};
const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });

const createOperation: ZodOpenApiOperationObject = {
  operationId: 'createDecision',
  summary: 'Send one case for a decision',
  description:
    'The current model predicts; if the project’s policy lets it decide, the answer is immediate (`route: "auto"`, with label, probability, model version, the threshold in force and the reason); otherwise the case waits for people (`route: "human"`, `status: "pending"`): poll it with `?wait=` or receive a webhook.',
  requestParams: { path: ZSlug, header: z.object({ 'idempotency-key': ZIdempotencyKey.optional() }) },
  requestBody: { required: true, content: { 'application/json': { schema: ZDecisionCase } } },
  responses: {
    '201': json(ZDecision, 'Decided by the model, or waiting for people.'),
    '200': json(ZDecision, 'A retry: the decision made for this Idempotency-Key earlier (header `Idempotent-Replayed: true`).'),
    '409': errorResponse('The Idempotency-Key was used for a different request.'),
    '413': errorResponse('The body is larger than the limit.'),
    ...COMMON_ERRORS,
  },
};

const listOperation: ZodOpenApiOperationObject = {
  operationId: 'listDecisions',
  summary: 'List decisions, newest first',
  requestParams: { path: ZSlug, query: ZDecisionListQuery },
  responses: { '200': json(ZDecisionPage, 'A page; pass nextCursor as cursor for the next.'), ...COMMON_ERRORS },
};

const getOperation: ZodOpenApiOperationObject = {
  operationId: 'getDecision',
  summary: 'Read one decision, optionally waiting for it to be settled',
  requestParams: { path: ZSlug.extend({ id: z.string().meta({ description: 'The decision id.' }) }), query: ZDecisionWaitQuery },
  responses: { '200': json(ZDecision, 'The decision as it stands (still pending if the wait ran out).'), ...COMMON_ERRORS },
};

const batchOperation: ZodOpenApiOperationObject = {
  operationId: 'createDecisions',
  summary: `Send up to ${MAX_BATCH_CASES.toLocaleString('en')} cases at once`,
  description: 'Each case may carry its own idempotencyKey. Results come in the order of the cases, each with the status a single request would have had.',
  requestParams: { path: ZSlug },
  requestBody: { required: true, content: { 'application/json': { schema: ZDecisionBatch } } },
  responses: {
    '200': json(z.object({ results: z.array(ZBatchResult) }), 'One result per case, in order.'),
    '413': errorResponse('The body is larger than the limit.'),
    ...COMMON_ERRORS,
  },
};

const exportOperation: ZodOpenApiOperationObject = {
  operationId: 'exportDecisions',
  summary: 'Every decision with its whole record, as CSV or JSON Lines (managers)',
  description:
    'Streamed. Each row: the case, its input hash, the model version and its hash, probabilities, threshold and policy in force, route and reason, every reviewer’s answer, times and webhook outcome.',
  requestParams: { path: ZSlug, query: ZDecisionExportFilter.extend({ format: z.enum(DECISION_EXPORT_FORMATS).default('jsonl') }) },
  responses: {
    '200': {
      description: 'The export, one decision per row or line.',
      content: { 'text/csv': { schema: z.string() }, 'application/x-ndjson': { schema: z.string() } },
    },
    ...COMMON_ERRORS,
  },
};

const ZChainVerdict = z
  .object({
    entries: z.number().int().meta({ description: 'Entries re-hashed.' }),
    firstSeq: z.number().int().meta({ description: 'Where the kept log starts (after retention).' }),
    lastSeq: z.number().int(),
    break: z
      .object({ seq: z.number().int(), problem: z.enum(['sequence', 'link', 'content', 'head']) })
      .nullable()
      .meta({ description: 'The first entry that does not check out; null when the chain is intact.' }),
  })
  .meta({ id: 'ChainVerdict' });

const verifyOperation: ZodOpenApiOperationObject = {
  operationId: 'verifyDecisionLog',
  summary: 'Re-hash the project’s tamper-evident decision log',
  requestParams: { path: ZSlug },
  responses: { '200': json(ZChainVerdict, 'The verdict.'), ...COMMON_ERRORS },
};

const ZWebhookMessage = z
  .object({
    type: z.enum(DECISION_WEBHOOK_EVENTS),
    timestamp: z.string().meta({ description: 'When the message was made (ISO 8601).' }),
    data: ZDecision,
  })
  .meta({ id: 'DecisionWebhook' });

const webhookOperation: ZodOpenApiOperationObject = {
  operationId: 'decisionSettled',
  summary: 'A case was settled by people or by its deadline',
  description:
    'Sent to the case’s callbackUrl, else the project’s webhook URL, signed per Standard Webhooks: verify `webhook-signature` (`v1,` + base64 HMAC-SHA256 of `id.timestamp.body` with the project secret), reject stale timestamps, and deduplicate on `webhook-id` (delivery is at least once, retried with backoff).',
  requestParams: {
    header: z.object({
      'webhook-id': z.string().meta({ description: 'The message id, the same on every retry.' }),
      'webhook-timestamp': z.string().meta({ description: 'Unix seconds.' }),
      'webhook-signature': z.string().meta({ description: 'Space-separated `v1,<base64>` signatures.' }),
    }),
  },
  requestBody: { required: true, content: { 'application/json': { schema: ZWebhookMessage } } },
  responses: { '2XX': { description: 'Received; any other answer is retried.' } },
};

const ZLabelingTask = z
  .object({
    itemId: z.number().int(),
    text: z.string(),
    metadata: z.record(z.string(), z.unknown()),
    mediaHash: z.string().nullable().optional().meta({ description: 'Image projects: the image, served at /api/v1/projects/{slug}/images/{itemId}.' }),
    leaseExpiresAt: z.string().meta({ description: 'Reserved for you until then (ISO 8601); an answer after it is still taken while the item needs it.' }),
    suggestion: z.unknown().nullable().meta({ description: 'The model’s suggestion, when the project shows suggestions.' }),
    suggestedSpans: z.array(z.unknown()).optional(),
  })
  .meta({ id: 'LabelingTask' });
const ZLabelingAnswerResult = z
  .object({
    clientId: z.string(),
    itemId: z.number().int(),
    status: z.enum(['stored', 'refused']),
    isDuplicate: z.boolean().optional().meta({ description: 'Stored by an earlier request with the same clientId.' }),
    annotationId: z.number().int().nullable().optional(),
    undoUntil: z.string().optional(),
    code: z.enum(APP_ERROR_CODES).optional(),
    message: z.string().optional().meta({ description: 'Why it was refused (it will never be taken).' }),
  })
  .meta({ id: 'LabelingAnswerResult' });

const labelingOperation: ZodOpenApiOperationObject = {
  operationId: 'exchangeLabels',
  summary: 'Send answers and take more tasks (the batched labeling path)',
  description:
    'What the labeling screen sends: the answers given since the last request (labels, sets, spans or skips, each with its own clientId, stored once however often it is sent), the items you still hold, and how many more tasks you want. Tasks are leased to you; the mix of gold checks, evaluation items and the queue order is the same as one task at a time.',
  requestParams: { path: ZSlug },
  requestBody: { required: true, content: { 'application/json': { schema: ZLabelBatchInput.meta({ id: 'LabelingExchange' }) } } },
  responses: {
    '200': json(z.object({ results: z.array(ZLabelingAnswerResult), tasks: z.array(ZLabelingTask), serverTime: z.string() }), 'One result per answer, in order, then the new tasks.'),
    '413': errorResponse('The body is larger than the limit.'),
    ...COMMON_ERRORS,
  },
};

function describeApi(): ZodOpenApiObject {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Quorum API',
      version: '1.0.0',
      description: `Other systems send cases; the model decides the confident ones and people the rest. Route reasons: ${ROUTE_REASONS.join(', ')}. Clients that label send answers and take tasks in batches.`,
    },
    servers: [{ url: '/' }],
    security: [{ bearerAuth: [] }],
    paths: {
      [API_PATHS.decisions]: { post: createOperation, get: listOperation },
      [API_PATHS.decision]: { get: getOperation },
      [API_PATHS.batch]: { post: batchOperation },
      [API_PATHS.export]: { get: exportOperation },
      [API_PATHS.verify]: { get: verifyOperation },
      [API_PATHS.labeling]: { post: labelingOperation },
    },
    webhooks: { 'decision.settled': { post: webhookOperation } },
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API token of the project (created under "API tokens").' } },
    },
  };
}

let cached: ReturnType<typeof createDocument> | null = null;

export function buildOpenApiDocument(): ReturnType<typeof createDocument> {
  cached ??= createDocument(describeApi());
  return cached;
}

import { z } from 'zod';
import { ZWebhookUrl } from './webhook-url';

/**
 * What another system sends for a decision: one definition for the REST routes, their OpenAPI
 * document and the CLI. Every size is bounded here; the project's own text limit (`maxTextBytes`)
 * is checked on top by createDecisions.
 */
export const MAX_BATCH_CASES = 1_000;
export const MAX_PAYLOAD_BYTES = 64 * 1024;
export const MAX_IDEMPOTENCY_KEY_LENGTH = 200;
const MAX_PAYLOAD_DEPTH = 32;
const MAX_METADATA_KEYS = 50;
const MAX_METADATA_VALUE_LENGTH = 1_000;
/** The largest text any project accepts (the ceiling of the `maxTextBytes` setting). */
const MAX_TEXT_CHARS = 10_000_000;
const MAX_DEADLINE_MS = 366 * 24 * 3600 * 1000;

/** How deep `value` nests; stops counting past `limit` (a hostile payload can nest thousands deep). */
function exceedsDepth(value: unknown, limit: number): boolean {
  if (limit < 0) return true;
  if (Array.isArray(value)) return value.some((entry) => exceedsDepth(entry, limit - 1));
  if (value !== null && typeof value === 'object') return Object.values(value).some((entry) => exceedsDepth(entry, limit - 1));
  return false;
}

export const ZIdempotencyKey = z
  .string()
  .min(1)
  .max(MAX_IDEMPOTENCY_KEY_LENGTH)
  .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces')
  .meta({ description: 'A retry with the same key returns the same decision; the same key with another request is refused (409).' });

export const ZDecisionCase = z
  .object({
    text: z.string().min(1).max(MAX_TEXT_CHARS).meta({ description: "The case as text: what the model reads (at most the project's maxTextBytes in UTF-8)." }),
    payload: z
      .json()
      .optional()
      .refine((value) => value === undefined || !exceedsDepth(value, MAX_PAYLOAD_DEPTH), `nests deeper than ${MAX_PAYLOAD_DEPTH} levels`)
      .refine((value) => value === undefined || Buffer.byteLength(JSON.stringify(value)) <= MAX_PAYLOAD_BYTES, `is larger than ${MAX_PAYLOAD_BYTES / 1024} KB as JSON`)
      .meta({ description: 'Structured data shown to reviewers (e.g. an agent’s proposed action); hashed with the text.' }),
    metadata: z
      .record(z.string().min(1).max(200), z.union([z.string().max(MAX_METADATA_VALUE_LENGTH), z.number(), z.boolean(), z.null()]))
      .refine((value) => Object.keys(value).length <= MAX_METADATA_KEYS, `at most ${MAX_METADATA_KEYS} keys`)
      .optional()
      .meta({ description: 'Flat key/value pairs the policy’s escalation rules can match.' }),
    idempotencyKey: ZIdempotencyKey.optional(),
    callbackUrl: ZWebhookUrl.optional()
      .meta({ description: 'Receives the Standard Webhooks message when the case is settled by people or its deadline.' }),
    deadline: z.iso
      .datetime({ offset: true })
      .refine((value) => {
        const ms = Date.parse(value) - Date.now();
        return ms > 0 && ms <= MAX_DEADLINE_MS;
      }, 'must be in the future and at most a year ahead')
      .optional()
      .meta({ description: 'When the project’s deadline action runs if people have not answered.' }),
  })
  .strict()
  .meta({ id: 'DecisionCase' });
export type TDecisionCase = z.infer<typeof ZDecisionCase>;

export const ZDecisionBatch = z
  .object({ cases: z.array(ZDecisionCase).min(1).max(MAX_BATCH_CASES) })
  .strict()
  .meta({ id: 'DecisionBatch' });
export type TDecisionBatch = z.infer<typeof ZDecisionBatch>;

export const ZDecisionListQuery = z
  .object({
    status: z.enum(['pending', 'decided', 'rejected']).optional(),
    route: z.enum(['auto', 'human']).optional(),
    since: z.iso.datetime({ offset: true }).optional().meta({ description: 'Created at or after.' }),
    until: z.iso.datetime({ offset: true }).optional().meta({ description: 'Created before.' }),
    cursor: z.string().max(200).optional().meta({ description: 'nextCursor of the previous page.' }),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();
export type TDecisionListQuery = z.infer<typeof ZDecisionListQuery>;

export const MAX_WAIT_SECONDS = 30;
export const ZDecisionWaitQuery = z
  .object({ wait: z.coerce.number().int().min(0).max(MAX_WAIT_SECONDS).default(0).meta({ description: 'Seconds to hold a pending decision until it is settled.' }) })
  .strict();

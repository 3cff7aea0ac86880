import { z } from 'zod';
import { DECISION_ANSWERS } from '@/db/schema';

export const MAX_DECISION_REASON_LENGTH = 2000;
/** An edited payload (approval queues) may be at most this large, as JSON text. */
export const MAX_EDITED_PAYLOAD_BYTES = 256 * 1024;
const MAX_DECISION_ID_LENGTH = 100;

export const ZDecisionId = z.string().min(1).max(MAX_DECISION_ID_LENGTH);

/**
 * A reviewer's answer to a case. `inputHash` is the hash of the input the reviewer was shown: an
 * answer to any other input is refused. `label` is the chosen label (override; approve in blind mode
 * or without a suggestion); `reason` is required to override, reject or escalate.
 */
export const ZDecisionAnswer = z.object({
  decisionId: ZDecisionId,
  answer: z.enum(DECISION_ANSWERS),
  label: z.string().trim().min(1).max(200).nullish(),
  reason: z.string().trim().max(MAX_DECISION_REASON_LENGTH).nullish(),
  inputHash: z.string().regex(/^[0-9a-f]{64}$/, 'An input hash is 64 hexadecimal characters'),
  /** Approval queues: the payload as the reviewer edited it and approves it. */
  editedPayload: z
    .json()
    .refine((value) => new TextEncoder().encode(JSON.stringify(value)).length <= MAX_EDITED_PAYLOAD_BYTES, `An edited payload may be at most ${MAX_EDITED_PAYLOAD_BYTES / 1024} KiB`)
    .optional(),
});
export type TDecisionAnswer = z.infer<typeof ZDecisionAnswer>;

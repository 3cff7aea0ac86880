import { z } from 'zod';
import { ZId } from '@/server/ids';
import { MAX_LABELS } from '@/server/services/projects/label-set';

/** More spans than this on one item is a broken client, not an annotation. */
export const MAX_SPANS_PER_ITEM = 2_000;
/** Offsets beyond any text Quorum stores (import caps texts far lower). */
const MAX_OFFSET = 100_000_000;

export const ZSpan = z
  .object({ start: z.number().int().min(0).max(MAX_OFFSET), end: z.number().int().min(1).max(MAX_OFFSET), labelId: ZId })
  .refine((span) => span.start < span.end, 'A span ends after it starts');

/** A multi-label answer (the empty set is "none of these") or a spans answer: see TStructuredValue. */
export const ZStructuredValue = z.union([
  z.object({ labelIds: z.array(ZId).max(MAX_LABELS) }).strict(),
  z.object({ spans: z.array(ZSpan).max(MAX_SPANS_PER_ITEM) }).strict(),
]);

/** One label (single-label projects) or a value (multi_label, spans): exactly one of the two. */
export const ZAnswerFields = z.object({ labelId: ZId.optional(), value: ZStructuredValue.optional() });
export const refineOneAnswer = (answer: z.infer<typeof ZAnswerFields>) => (answer.labelId === undefined) !== (answer.value === undefined);
export const ONE_ANSWER_MESSAGE = 'Give either labelId or value, not both';

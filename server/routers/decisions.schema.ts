import { z } from 'zod';
import { ZDecisionAnswer, ZDecisionId } from '@/server/services/decisions/decision-answer-input';
import { ZDecisionPolicyInput } from '@/server/services/decisions/update-decision-policy';
import { ZId } from '@/server/ids';

export { DECISION_ANSWERS } from '@/db/schema';
export { DEADLINE_ACTIONS, DECISION_MODES, type TDecisionPolicy } from '@/server/services/decisions/decision-policy';
export { MAX_DECISION_REASON_LENGTH, MAX_EDITED_PAYLOAD_BYTES } from '@/server/services/decisions/decision-answer-input';
export { ZDecisionPolicyInput };

export const ZDecisionQueueInput = z.object({ projectId: ZId });
export const ZDecisionCaseInput = z.object({ projectId: ZId, decisionId: ZDecisionId });
export const ZAnswerDecisionInput = ZDecisionAnswer.extend({ projectId: ZId });
export const ZUpdateDecisionPolicyInput = z.object({ projectId: ZId, policy: ZDecisionPolicyInput });
export const ZSetDecisionStopInput = z.object({ projectId: ZId, stopped: z.boolean() });

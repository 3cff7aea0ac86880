import { z } from 'zod';
import { ZWebhookUrl } from '@/server/services/decisions/decision-webhook-settings';
import { ZProjectSettings } from '@/server/services/projects/project-settings';
import { ZBigId, ZId } from '@/server/ids';

export { DECISION_EXPORT_FORMATS } from '@/server/export/write-decision-records';
export { DECISION_STATUSES } from '@/db/schema';

/** Decision ids are random text of a few dozen characters; anything longer is not one. */
export const ZDecisionRecordInput = z.object({ projectId: ZId, decisionId: z.string().min(1).max(100) });

export const ZSetWebhookUrlInput = z.object({ projectId: ZId, url: ZWebhookUrl.nullable() });

export const ZSetRetentionInput = z.object({ projectId: ZId, days: ZProjectSettings.shape.decisionRetentionDays.unwrap() });

export const ZResendDeliveryInput = z.object({ projectId: ZId, deliveryId: ZBigId });

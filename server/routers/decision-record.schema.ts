import { z } from 'zod';
import { ZDecisionListQuery } from '@/server/services/decisions/decision-request';
import { ZWebhookUrl } from '@/server/services/decisions/webhook-url';
import { ZProjectSettings } from '@/server/services/projects/project-settings';
import { ZBigId, ZId } from '@/server/ids';

export { DECISION_EXPORT_FORMATS } from '@/server/export/write-decision-records';
export { DECISION_STATUSES } from '@/db/schema';

/** Decision ids are random text of a few dozen characters; anything longer is not one. */
export const ZDecisionRecordInput = z.object({ projectId: ZId, decisionId: z.string().min(1).max(100) });

export const ZSetWebhookUrlInput = z.object({ projectId: ZId, url: ZWebhookUrl.nullable() });

export const ZSetRetentionInput = z.object({ projectId: ZId, days: ZProjectSettings.shape.decisionRetentionDays.unwrap() });

/** The decisions list as the REST API filters it (status, route, time, cursor), for one project. */
export const ZDecisionListInput = ZDecisionListQuery.omit({ limit: true }).extend({ projectId: ZId, limit: z.number().int().min(1).max(200).default(50) });

export const ZResendDeliveryInput = z.object({ projectId: ZId, deliveryId: ZBigId });

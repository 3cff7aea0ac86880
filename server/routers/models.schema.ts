import { z } from 'zod';
import { ZSimulationSettings } from '@/server/services/learning/strategy-simulation';
import { ZLearningSettings } from '@/server/services/projects/project-settings';

export const ZVersionIdInput = z.object({ projectId: z.number().int(), versionId: z.number().int() });

export const ZCompareVersionsInput = z.object({ projectId: z.number().int(), a: z.number().int(), b: z.number().int() });

export const ZUpdateLearningSettingsInput = z.object({
  projectId: z.number().int(),
  settings: ZLearningSettings.partial(),
});

export const ZRedrawEvalSetInput = z.object({ projectId: z.number().int(), fraction: z.number().min(0).max(0.5).optional() });

export const ZSimulateInput = z.object({ projectId: z.number().int(), settings: ZSimulationSettings });

export const ZListInput = z.object({ projectId: z.number().int(), limit: z.number().int().min(1).max(100).default(30) });

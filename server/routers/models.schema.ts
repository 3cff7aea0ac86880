import { z } from 'zod';
import { ZSimulationSettings } from '@/server/services/learning/simulation-job-settings';
import { ZLearningSettingsPatch } from '@/server/services/projects/project-settings';
import { ZId } from '@/server/ids';

export const ZVersionIdInput = z.object({ projectId: ZId, versionId: ZId });

export const ZCompareVersionsInput = z.object({ projectId: ZId, a: ZId, b: ZId });

export const ZUpdateLearningSettingsInput = z.object({
  projectId: ZId,
  settings: ZLearningSettingsPatch,
});

export const ZRedrawEvalSetInput = z.object({ projectId: ZId, fraction: z.number().min(0).max(0.5).optional() });

export const ZSimulateInput = z.object({ projectId: ZId, settings: ZSimulationSettings });

export const ZListInput = z.object({ projectId: ZId, limit: z.number().int().min(1).max(100).default(30) });

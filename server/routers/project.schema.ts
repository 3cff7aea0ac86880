import { z } from 'zod';
import { ZLabelSet } from '@/server/services/projects/label-set';
import { ZProjectSettingsPatch } from '@/server/services/projects/project-settings';
import { ZId } from '@/server/ids';

// Domain definitions the forms validate with, re-exported so client code reads them from the router's schema.
export { buildDefaultLabels, DEFAULT_HOTKEYS, LABEL_COLORS, MAX_LABELS, MIN_LABELS, ZLabelSet, type TLabel } from '@/server/services/projects/label-set';
export { CREATABLE_TASK_TYPES, TASK_TYPE_TEXTS, ZCreateProjectInput, type TCreatableTaskType, type TCreateProjectInput } from '@/server/services/projects/project-input';
export type { TProjectSettings } from '@/server/services/projects/project-settings';

export const ZUpdateProjectInput = z.object({
  projectId: ZId,
  name: z.string().trim().min(1).max(120).optional(),
  instructions: z.string().max(20_000).optional(),
  settings: ZProjectSettingsPatch.optional(),
});

export const ZSetLabelsInput = z.object({ projectId: ZId, labels: ZLabelSet });

/** `since`: the start of the viewer's day, for "today" (UTC midnight when not given). */
export const ZProjectOverviewInput = z.object({ projectId: ZId, since: z.date().optional() });

export function startOfUtcDay(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

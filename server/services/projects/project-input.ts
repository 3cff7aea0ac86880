import { z } from 'zod';
import { TASK_TYPES } from '@/db/schema/projects';
import { ZLabelSet } from './label-set';
import { ZProjectSettings } from './project-settings';

export const RESERVED_SLUGS = ['new'];

export const ZSlug = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/, 'Use 1–64 lower-case letters, digits and dashes, not starting or ending with a dash')
  .refine((slug) => !RESERVED_SLUGS.includes(slug), 'That address is reserved');

export const ZTaskType = z.enum(TASK_TYPES);

export const ZCreateProjectInput = z.object({
  name: z.string().trim().min(1, 'A project needs a name').max(120),
  slug: ZSlug,
  instructions: z.string().max(20_000).default(''),
  taskType: ZTaskType.default('text_classification'),
  labels: ZLabelSet,
  settings: ZProjectSettings.partial().default({}),
});
export type TCreateProjectInput = z.input<typeof ZCreateProjectInput>;

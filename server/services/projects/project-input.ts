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

/**
 * Task types the whole loop (queue, review, agreement, learning, exports) handles so far; a project of
 * another type is refused at creation until its type does (issue 16).
 */
export const CREATABLE_TASK_TYPES = ['text_classification', 'multi_label', 'spans', 'image_classification'] as const satisfies readonly (typeof TASK_TYPES)[number][];
export type TCreatableTaskType = (typeof CREATABLE_TASK_TYPES)[number];

/** How the new-project form and the project pages name each task type. */
export const TASK_TYPE_TEXTS: Record<(typeof TASK_TYPES)[number], { name: string; description: string }> = {
  text_classification: { name: 'Text classification', description: 'One label per text: e-mails, reviews, tickets.' },
  multi_label: { name: 'Multi-label text', description: 'Any of the labels per text, or none of them.' },
  spans: { name: 'Spans (named entities)', description: 'Mark parts of each text and label them.' },
  image_classification: { name: 'Image classification', description: 'One label per image: photos uploaded here or from the command line.' },
};

export const ZCreateProjectInput = z.object({
  name: z.string().trim().min(1, 'A project needs a name').max(120),
  slug: ZSlug,
  instructions: z.string().max(20_000).default(''),
  taskType: z.enum(CREATABLE_TASK_TYPES, { error: 'This task type is not available yet' }).default('text_classification'),
  labels: ZLabelSet,
  settings: ZProjectSettings.partial().default({}),
});
export type TCreateProjectInput = z.input<typeof ZCreateProjectInput>;

import { z } from 'zod';
import { TASK_TYPES } from '@/db/schema/projects';

export const MIN_LABELS = 2;
export const MAX_LABELS = 50;
// Digits and letters; an upper-case letter means Shift+letter, which gives 62 distinct keys.
export const HOTKEY_PATTERN = /^[0-9a-zA-Z]$/;
export const RESERVED_SLUGS = ['new'];

export const ZSlug = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/, 'Use 1–64 lower-case letters, digits and dashes, not starting or ending with a dash')
  .refine((slug) => !RESERVED_SLUGS.includes(slug), 'That address is reserved');

export const ZLabel = z.object({
  id: z.number().int().positive().optional(),
  name: z.string().trim().min(1, 'A label needs a name').max(64, 'Label names are at most 64 characters'),
  hotkey: z.string().regex(HOTKEY_PATTERN, 'A hotkey is one digit or letter'),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'Colours are #rrggbb'),
});
export type TLabel = z.infer<typeof ZLabel>;

export const ZLabelSet = z
  .array(ZLabel)
  .min(MIN_LABELS, `A project needs at least ${MIN_LABELS} labels`)
  .max(MAX_LABELS, `A project has at most ${MAX_LABELS} labels`)
  .superRefine((labels, ctx) => {
    const names = new Map<string, number>();
    const hotkeys = new Map<string, number>();
    labels.forEach((label, index) => {
      const name = label.name.toLowerCase();
      if (names.has(name)) ctx.addIssue({ code: 'custom', path: [index, 'name'], message: `Label "${label.name}" appears twice` });
      if (hotkeys.has(label.hotkey)) ctx.addIssue({ code: 'custom', path: [index, 'hotkey'], message: `Hotkey "${label.hotkey}" is used twice` });
      names.set(name, index);
      hotkeys.set(label.hotkey, index);
    });
  });

/** Per-project settings; every field has a default so settings written by older versions still parse. */
export const ZProjectSettings = z.object({
  /** How many different annotators label each item. */
  overlap: z.number().int().min(1).max(10).default(1),
  /** Longest accepted item text, in UTF-8 bytes. */
  maxTextBytes: z.number().int().min(100).max(10_000_000).default(100_000),
  /** How long a served task stays reserved for its annotator. */
  leaseSeconds: z.number().int().min(30).max(86_400).default(600),
  /** Show the model's suggestion while labeling (off by default to avoid anchoring). */
  showModelSuggestion: z.boolean().default(false),
  /** Share of items that get `overlap` annotators (the rest get one): measure agreement on a sample. */
  overlapShare: z.number().min(0).max(1).default(1),
  /** Share of served tasks that are gold checks (items with a known answer), unannounced. */
  goldRate: z.number().min(0).max(0.5).default(0.05),
  /**
   * Share of gold-labeled items used as gold checks (served to every annotator, scored against the
   * known answer); the rest are ordinary items whose known answer stays hidden for evaluation.
   */
  goldCheckShare: z.number().min(0).max(1).default(1),
  /** Share of completed items sent to a reviewer at random, as an audit. */
  auditRate: z.number().min(0).max(1).default(0.02),
  /** Share of items drawn uniformly at random into the evaluation set at import. */
  evalFraction: z.number().min(0).max(0.5).default(0.1),
  /** How the queue picks the next item once a model has scored the pool. */
  samplingStrategy: z.enum(['random', 'least_confidence', 'margin', 'entropy', 'bald', 'committee']).default('margin'),
  /** Share of picks made at random even when a model is available (unbiased estimates, unknown unknowns). */
  explorationShare: z.number().min(0).max(1).default(0.1),
  /** Retrain after this many new labels. */
  retrainEvery: z.number().int().min(5).max(100_000).default(50),
  modelKind: z.enum(['softmax', 'mlp']).default('softmax'),
  /**
   * How the head of the queue (the next batch of uncertain items) is spread out so it is not
   * near-duplicates (ml/sampling/select-batch.ts). Off by default: on the demo corpus k-center
   * and cluster batches needed more labels than plain margin (`npm run bench -- ml`).
   */
  batchDiversity: z.enum(['none', 'kcenter', 'cluster']).default('none'),
});
export type TProjectSettings = z.infer<typeof ZProjectSettings>;

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

export const ZUpdateProjectInput = z.object({
  projectId: z.number().int(),
  name: z.string().trim().min(1).max(120).optional(),
  instructions: z.string().max(20_000).optional(),
  settings: ZProjectSettings.partial().optional(),
});

export const ZSetLabelsInput = z.object({ projectId: z.number().int(), labels: ZLabelSet });

export const LABEL_COLORS = ['#2563eb', '#dc2626', '#16a34a', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#4d7c0f', '#9333ea', '#0f766e'];
export const DEFAULT_HOTKEYS = [...'1234567890abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'];

/** Hotkeys and colours for a list of label names, in the order a person would expect. */
export function buildDefaultLabels(names: readonly string[]): TLabel[] {
  return names.map((name, index) => ({
    name,
    hotkey: DEFAULT_HOTKEYS[index] ?? '0',
    color: LABEL_COLORS[index % LABEL_COLORS.length] ?? '#2563eb',
  }));
}

import { z } from 'zod';
import { chooseDefaultModelKind, MODEL_KIND_INPUT, MODEL_KIND_TASK, MODEL_KINDS, type ModelInput, type ModelTask } from '@/ml/model-kinds';
import { findModelInputConflict } from '@/ml/model-input';
import { BATCH_DIVERSITIES } from '@/ml/sampling/select-batch';
import { DEFAULT_STRATEGY } from '@/ml/sampling/strategies';
import { DEFAULT_TASK_STRATEGIES, findStrategyTaskConflict, PROJECT_STRATEGY_IDS, type ProjectStrategyId } from '@/ml/sampling/strategy-model';
import { ZDecisionPolicy } from '@/server/services/decisions/decision-policy';
import { MAX_TASK_BATCH } from '@/server/services/queue/limits';

/**
 * The strategy ids as zod wants them: a non-empty tuple built from ml/'s lists, single-label and
 * multi-label (which ones a project may use depends on its model: findSettingsConflict).
 */
export const SAMPLING_STRATEGY_IDS = PROJECT_STRATEGY_IDS as [ProjectStrategyId, ...ProjectStrategyId[]];

export const ZSamplingStrategy = z.enum(SAMPLING_STRATEGY_IDS);
export const ZModelKind = z.enum(MODEL_KINDS);
export const ZBatchDiversity = z.enum(BATCH_DIVERSITIES);

/**
 * Per-project settings, the one definition the services, the routers' inputs and the forms read;
 * every field has a default so settings written by older versions still parse.
 */
export const ZProjectSettings = z.object({
  /** How many different annotators label each item. */
  overlap: z.number().int().min(1).max(10).default(1),
  /** Longest accepted item text, in UTF-8 bytes. */
  maxTextBytes: z.number().int().min(100).max(10_000_000).default(100_000),
  /** How long a served task stays reserved for its annotator. */
  leaseSeconds: z.number().int().min(30).max(86_400).default(600),
  /**
   * Tasks the labeling screen holds at once (the one on screen included), each leased as above: the
   * next is always already there, and requests carry several labels. 1 holds only the task on screen.
   */
  taskBatchSize: z.number().int().min(1).max(MAX_TASK_BATCH).default(8),
  /** Span projects: may two spans share characters (nested or crossing entities)? Off: each character has at most one span. */
  allowOverlappingSpans: z.boolean().default(false),
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
  samplingStrategy: ZSamplingStrategy.default(DEFAULT_STRATEGY),
  /** Share of picks made at random even when a model is available (unbiased estimates, unknown unknowns). */
  explorationShare: z.number().min(0).max(1).default(0.1),
  /** Retrain after this many new labels. */
  retrainEvery: z.number().int().min(5).max(100_000).default(50),
  /** The kind asked for; a strategy that needs another kind trains that one (`chooseModelKind`). */
  modelKind: ZModelKind.default('softmax'),
  /**
   * How the head of the queue (the next batch of uncertain items) is spread out so it is not
   * near-duplicates (ml/sampling/select-batch.ts). Off by default: on the demo corpus k-center
   * and cluster batches needed more labels than plain margin (`npm run bench -- ml`).
   */
  batchDiversity: ZBatchDiversity.default('none'),
  /**
   * A human label goes to review as "model disagrees" when the model gives another label at least
   * this probability. Its probabilities are calibrated against the project's own labels, so with
   * few or noisy labels they seldom reach 0.9: lower it to see more flags.
   */
  disagreementConfidence: z.number().min(0.5).max(0.99).default(0.9),
  /** How cases from other systems are decided (server/services/decisions/decision-policy.ts). */
  decisionPolicy: ZDecisionPolicy.prefault({}),
  /** How long the decision log and decided cases are kept, in days (EU AI Act Art. 19 asks for at least 6 months). */
  decisionRetentionDays: z.number().int().min(183).max(36_500).default(365),
});
export type TProjectSettings = z.infer<typeof ZProjectSettings>;

/**
 * A patch of some settings, nothing filled in: what an update sends. zod 4's `.partial()` keeps each
 * field's default, so a patch of one field parsed that way came back with every other field at its
 * default, and saving it reset them (and, for an image or multi-label project, asked for the text
 * model and strategy and was refused).
 */
export function toSettingsPatchSchema<TShape extends z.ZodRawShape>(schema: z.ZodObject<TShape>) {
  const shape = Object.fromEntries(Object.entries(schema.shape).map(([key, field]) => [key, removeDefault(field as z.ZodType).optional()]));
  return z.object(shape) as unknown as z.ZodType<Partial<z.output<z.ZodObject<TShape>>>, Partial<z.input<z.ZodObject<TShape>>>>;
}

function removeDefault(field: z.ZodType): z.ZodType {
  return field instanceof z.ZodDefault || field instanceof z.ZodPrefault ? (field.unwrap() as z.ZodType) : field;
}

export const ZProjectSettingsPatch = toSettingsPatchSchema(ZProjectSettings);

/**
 * Settings as stored, defaults filled in. With the project's task type, a model kind the project
 * never chose is that task's default (an image project trains the CNN, a multi-label project the
 * sigmoid model, not the text softmax), and so is a strategy it never chose. A multi-label project
 * created before such projects trained stored the single-label text defaults (softmax, margin): a
 * stored kind that reads the right input but predicts the wrong task, or a strategy its model cannot
 * rank with, reads as the task's default, so its settings can still be changed. With `keepChosen` (a
 * new project's input) the caller's own choice is kept, for findSettingsConflict to refuse; a kind
 * of the wrong input is always kept and refused.
 */
export function parseProjectSettings(raw: unknown, taskType?: string, { keepChosen = false }: { keepChosen?: boolean } = {}): TProjectSettings {
  const settings = ZProjectSettings.parse(raw ?? {});
  if (taskType === undefined) return settings;
  const input = getProjectModelInput(taskType);
  const task = getProjectModelTask(taskType);
  const hasChosen = (key: keyof TProjectSettings) => typeof raw === 'object' && raw !== null && key in raw;
  const isStoredForOtherTask = !keepChosen && MODEL_KIND_INPUT[settings.modelKind] === input && MODEL_KIND_TASK[settings.modelKind] !== task;
  if (!hasChosen('modelKind') || isStoredForOtherTask) settings.modelKind = chooseDefaultModelKind(input, task);
  const isStrategyForOtherTask = !keepChosen && findStrategyTaskConflict(settings.samplingStrategy, settings.modelKind) !== null;
  if (!hasChosen('samplingStrategy') || isStrategyForOtherTask) settings.samplingStrategy = DEFAULT_TASK_STRATEGIES[task];
  // Pre-annotation is what a span model is for (the annotator corrects rather than marks every name):
  // span projects show the model's spans unless their settings say otherwise.
  if (task === 'spans' && !hasChosen('showModelSuggestion')) settings.showModelSuggestion = true;
  return settings;
}

/** What a project's models read, by its task type. */
export function getProjectModelInput(taskType: string): ModelInput {
  return taskType === 'image_classification' ? 'image' : taskType === 'spans' ? 'span' : 'text';
}

/** What a project's models predict, by its task type: a set of labels, labeled spans, or one label. */
export function getProjectModelTask(taskType: string): ModelTask {
  return taskType === 'multi_label' ? 'multi_label' : taskType === 'spans' ? 'spans' : 'single_label';
}


/**
 * Null when the settings fit a project of `taskType`, else why not: a text model for images or the
 * reverse, a single-label model for label sets or the reverse, a strategy its model cannot serve, or
 * a batch diversity span projects cannot use.
 */
export function findSettingsConflict(
  taskType: string,
  settings: Pick<TProjectSettings, 'modelKind'> & Partial<Pick<TProjectSettings, 'samplingStrategy' | 'batchDiversity'>>,
): string | null {
  const input = getProjectModelInput(taskType);
  const modelConflict = findModelInputConflict(input, settings.modelKind, getProjectModelTask(taskType));
  if (modelConflict) return `Model: ${modelConflict}`;
  // BALD on the softmax model is no conflict here: the project then trains the MLP (chooseModelKind).
  const strategyConflict = settings.samplingStrategy === undefined ? null : findStrategyTaskConflict(settings.samplingStrategy, settings.modelKind);
  if (strategyConflict) return `Sampling strategy: ${strategyConflict}`;
  if (input === 'span' && settings.batchDiversity !== undefined && settings.batchDiversity !== 'none') {
    return 'Batch diversity: span projects order the queue by token uncertainty alone (no k-center or cluster batches yet)';
  }
  return null;
}

/** The settings data scientists tune on the model page (managers may too); the rest stay with managers. */
export const ZLearningSettings = ZProjectSettings.pick({
  samplingStrategy: true,
  explorationShare: true,
  retrainEvery: true,
  modelKind: true,
  batchDiversity: true,
  disagreementConfidence: true,
});
export type TLearningSettings = z.infer<typeof ZLearningSettings>;
export const ZLearningSettingsPatch = toSettingsPatchSchema(ZLearningSettings);

export function pickLearningSettings(settings: TProjectSettings): TLearningSettings {
  const { samplingStrategy, explorationShare, retrainEvery, modelKind, batchDiversity, disagreementConfidence } = settings;
  return { samplingStrategy, explorationShare, retrainEvery, modelKind, batchDiversity, disagreementConfidence };
}

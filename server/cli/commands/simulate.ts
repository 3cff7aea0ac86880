import fs from 'node:fs/promises';
import os from 'node:os';
import { Command, InvalidArgumentError, Option } from 'commander';
import { BATCH_DIVERSITIES, type SamplingStrategyId } from '@/ml/sampling';
import { findStrategyTaskConflict, listModelStrategies, PROJECT_STRATEGY_IDS, type ProjectStrategyId } from '@/ml/sampling/strategy-model';
import { SIMULATION_METRIC_NAMES } from '@/ml/simulate/simulation-metric';
import { COLD_START_MODES, DEFAULT_SIMULATION_SEEDS, type SimulationResult } from '@/ml/simulate/simulation-settings';
import { chooseDefaultModelKind, MODEL_KIND_INPUT, MODEL_KIND_LABELS, MODEL_KIND_TASK, MODEL_KINDS, type ClassifierKind, type ModelTask } from '@/ml/model-kinds';
import { DEFAULT_FEATURE_DIM } from '@/ml/features/feature-dim';
import { DEFAULT_FEATURIZER_OPTIONS, FEATURIZER_KINDS } from '@/ml/features/featurizer';
import { IMPORT_FORMATS } from '@/server/import';
import type { TCreatableTaskType } from '@/server/services/projects/project-input';
import { getProjectModelInput, getProjectModelTask } from '@/server/services/projects/project-settings';
import { createProgress } from '../progress';
import { createThreadCompute } from '@/server/worker/compute/thread-compute';
import { withLocalDatabase } from '../target';
import { prepareFileSimulation, type TFileSimulationOptions } from './prepare-file-simulation';
import { simulateProject } from './simulate-project';

/** The task types a labeled file can be simulated as, spelled as `quorum project create --task-type` spells them. */
const SIMULATION_TASK_TYPES = ['text_classification', 'multi_label', 'spans'] as const satisfies readonly TCreatableTaskType[];
type TSimulationTaskType = (typeof SIMULATION_TASK_TYPES)[number];

type TSimulateOptions = Omit<TFileSimulationOptions, 'strategies' | 'textField'> & {
  taskType: TSimulationTaskType;
  /** Required with a file; a project names its own text. */
  textField?: string;
  project?: string;
  /** Absent: the task's default list. */
  strategies?: ProjectStrategyId[];
  json?: string;
};

export const DEFAULT_SIMULATION_STRATEGIES: SamplingStrategyId[] = ['random', 'least_confidence', 'margin', 'entropy', 'committee'];

/** Options only some simulators read; every one reads the strategies, budget, batch, seeds, evaluation share, --dim and --seed. */
const TASK_SPECIFIC_OPTIONS: readonly { flag: string; tasks: readonly ModelTask[] }[] = [
  // Multi-label trains the one-vs-rest sigmoid model, spans the BIO tagger: each has one model.
  { flag: '--model', tasks: ['single_label'] },
  // Only the single-label simulator is split into tasks a pool of threads can share.
  { flag: '--threads', tasks: ['single_label'] },
  // The span simulator buys the top of its token-uncertainty ranking after a random first batch, on
  // its own token features, and reports no absolute target.
  { flag: '--diversity', tasks: ['single_label', 'multi_label'] },
  { flag: '--exploration', tasks: ['single_label', 'multi_label'] },
  { flag: '--cold-start', tasks: ['single_label', 'multi_label'] },
  { flag: '--target-accuracy', tasks: ['single_label', 'multi_label'] },
  { flag: '--features', tasks: ['single_label', 'multi_label'] },
];

/** What `--project` takes besides --json: the settings of the model page's simulation. */
const PROJECT_OPTIONS = ['--strategies', '--budget', '--batch', '--seeds', '--eval-fraction', '--model', '--diversity', '--exploration'] as const;

/**
 * `quorum simulate <file>`: backtests sampling strategies on a labeled file, its answers acting as
 * the oracle: one label per text (accuracy), a label set (micro-F1) or spans (exact span F1), by
 * --task-type. `quorum simulate --project <slug>`: the model page's simulation on a project's gold
 * answers, any task type (images too), run here on the database directly. Prints each strategy's
 * learning curve summary; `--json` writes the full result (`metric`, `strategies.<name>.{curve,
 * aulc, labels_to_95, full_accuracy}`).
 */
export function simulateCommand(): Command {
  return new Command('simulate')
    .description('Backtest sampling strategies on a labeled file or a project\'s gold answers: labels, label sets, spans or images act as the oracle')
    .argument('[file]', 'CSV, TSV, JSONL, JSON, Label Studio export or spaCy JSONL with a text and its answer')
    .option('--project <slug>', `instead of a file: the project's gold answers, as its model page simulates them (any task type; takes ${PROJECT_OPTIONS.join(', ')} and --json; the embedded database must not be in use by the app)`)
    .addOption(
      new Option('--task-type <type>', 'what the file labels: one label per text (accuracy), a set of labels per text (micro-F1), or spans (exact span F1)')
        .choices(SIMULATION_TASK_TYPES)
        .default('text_classification'),
    )
    .option('--text-field <name>', 'field holding the text (required with a file)')
    .option(
      '--label-field <name>',
      'field holding the known answer: a label, a label set (JSON list, or names separated by "|") or spans; Label Studio may leave it out (the ground-truth annotation, else the annotations when they agree), spaCy JSONL too (its spans)',
    )
    .option('--from-name <name>', 'Label Studio without --label-field: the choices (spans: labels) control to read; JSON_MIN: the column holding it')
    .addOption(new Option('--format <format>', 'file format (default: from the name and content)').choices([...IMPORT_FORMATS]))
    .option(
      '--strategies <list>',
      `comma-separated strategies. text_classification: ${listStrategyIds(getTaskModelKind('text_classification')).join(', ')} (default: ${DEFAULT_SIMULATION_STRATEGIES.join(',')}; bald needs --model mlp); multi_label (default: all): ${listStrategyIds(getTaskModelKind('multi_label')).join(', ')}; spans (default: all): ${listStrategyIds(getTaskModelKind('spans')).join(', ')}`,
      parseStrategies,
    )
    .option('--budget <n>', 'labels each run may buy', parseInteger(1), 1000)
    .option('--batch <n>', 'labels bought per round', parseInteger(1), 20)
    .option('--seeds <n>', 'independent runs (same split, cold start and model seeds for every strategy of a run)', parseInteger(1), DEFAULT_SIMULATION_SEEDS)
    .option('--eval-fraction <share>', 'share of items held out for scoring', parseShare, 0.2)
    .addOption(
      new Option('--model <kind>', 'text_classification: model trained each round (softmax: regression fitted to convergence; mlp: needed by bald); --project: any model that fits the project (default: its task\'s)')
        .choices(MODEL_KINDS)
        .default('softmax'),
    )
    .addOption(new Option('--diversity <mode>', 'batch diversity among the top candidates (not spans)').choices([...BATCH_DIVERSITIES]).default('none'))
    .option('--exploration <share>', 'share of each batch picked at random (not spans)', parseShare, 0)
    .addOption(new Option('--cold-start <mode>', 'first batch: k-means representatives of the pool, or random (spans: always random)').choices([...COLD_START_MODES]).default('representative'))
    .option('--target-accuracy <accuracy>', 'also report labels to reach this absolute accuracy (multi_label: micro-F1; not spans)', parseShare)
    .addOption(
      new Option('--features <kind>', 'hashed-ngrams: word 1-2-grams and character 3-5-grams; hashed-ngrams-vectors: plus a pretrained English word-vector block (not spans: the tagger has its own token features)')
        .choices([...FEATURIZER_KINDS])
        .default(DEFAULT_FEATURIZER_OPTIONS.kind),
    )
    .option('--dim <n>', 'hashed feature dimension (a power of two; spans: of the token features)', parseInteger(16), DEFAULT_FEATURE_DIM)
    .option('--seed <n>', 'seed of the whole simulation', parseInteger(0), 1)
    .option('--threads <n>', 'text_classification: threads running the seeds and strategies side by side (same result for any count)', parseInteger(1), os.availableParallelism())
    .option('--json <file>', 'write the full result as JSON to this file')
    .action(async (file: string | undefined, options: TSimulateOptions, command: Command) => {
      if (options.project !== undefined) {
        if (file !== undefined) throw new InvalidArgumentError('give a file or --project, not both');
        await simulateProjectHere(options.project, options, command);
        return;
      }
      if (file === undefined) throw new InvalidArgumentError('give a labeled file, or --project <slug> for a project\'s gold answers');
      if (options.textField === undefined) throw new InvalidArgumentError("required option '--text-field <name>' not specified");
      const textField = options.textField;
      if (MODEL_KIND_TASK[options.model] !== 'single_label' || MODEL_KIND_INPUT[options.model] !== 'text') {
        throw new InvalidArgumentError(`--model ${options.model} does not read a file's texts; use ${MODEL_KINDS.filter((kind) => MODEL_KIND_TASK[kind] === 'single_label' && MODEL_KIND_INPUT[kind] === 'text').join(' or ')}`);
      }
      const task = getProjectModelTask(options.taskType);
      const kind = task === 'single_label' ? options.model : getTaskModelKind(options.taskType);
      // Bad combinations fail before a large file is read.
      refuseInapplicableOptions(command, options.taskType, task, kind);
      const strategies = options.strategies ?? (task === 'single_label' ? DEFAULT_SIMULATION_STRATEGIES : listStrategyIds(kind));
      refuseStrategiesOfOtherTasks(strategies, options.taskType, kind);
      if (options.fromName && options.labelField) throw new InvalidArgumentError('--from-name picks the annotations to read, and --label-field reads a field instead: pass one of them');
      if ((options.dim & (options.dim - 1)) !== 0) throw new InvalidArgumentError(`--dim must be a power of two, got ${options.dim}`);
      const simulation = await prepareFileSimulation(file, task, { ...options, textField, strategies });
      process.stderr.write(`${simulation.description}\n`);
      const progress = createProgress({ label: 'simulating', total: 100, formatValue: (value) => `${value}%` });
      const started = Date.now();
      let result: SimulationResult;
      try {
        result = await simulation.run((step) => progress.update(Math.floor((100 * step.done) / step.total), `${step.strategy ?? 'full-data model'}, seed ${step.seed + 1}, ${step.labels} labels`));
      } finally {
        progress.stop();
      }
      process.stdout.write(formatSummary(result));
      if (options.json) {
        const source = { kind: 'file', file, textField, labelField: simulation.labelField, taskType: options.taskType };
        await fs.writeFile(options.json, `${JSON.stringify({ ...result, source }, null, 2)}\n`);
      }
      const count = Object.keys(result.strategies).length;
      process.stdout.write(
        `simulated ${count} strateg${count === 1 ? 'y' : 'ies'} × ${options.seeds} seed(s) on ${simulation.items} items in ${Math.round((Date.now() - started) / 1000)} s; ${options.json ? `full result in ${options.json}` : 'pass --json <file> for the full result'}\n`,
      );
    });
}

/** `--project`: the given settings only (the job's defaults fill the rest), run as the model page's job would. */
async function simulateProjectHere(slug: string, options: TSimulateOptions, command: Command): Promise<void> {
  const isGiven = (flag: string) => isOptionGiven(command, flag);
  const refused = command.options.map((option) => option.long!).find((flag) => isGiven(flag) && flag !== '--project' && flag !== '--json' && !(PROJECT_OPTIONS as readonly string[]).includes(flag));
  if (refused) throw new InvalidArgumentError(`${refused} does not apply to --project (the project says what it labels and how its items read); it takes ${PROJECT_OPTIONS.join(', ')} and --json`);
  const settings = {
    ...(isGiven('--strategies') ? { strategies: options.strategies } : {}),
    ...(isGiven('--budget') ? { budget: options.budget } : {}),
    ...(isGiven('--batch') ? { batchSize: options.batch } : {}),
    ...(isGiven('--seeds') ? { seeds: options.seeds } : {}),
    ...(isGiven('--eval-fraction') ? { evalFraction: options.evalFraction } : {}),
    ...(isGiven('--model') ? { kind: options.model } : {}),
    ...(isGiven('--diversity') ? { diversity: options.diversity } : {}),
    ...(isGiven('--exploration') ? { explorationShare: options.exploration } : {}),
  };
  const progress = createProgress({ label: 'simulating', total: 100, formatValue: (value) => `${value}%` });
  const started = Date.now();
  const { result, jobId, taskType } = await withLocalDatabase(async (db) => {
    const compute = createThreadCompute();
    try {
      return await simulateProject(db, compute, slug, settings, (step) => {
        if (typeof step.done === 'number' && typeof step.total === 'number' && step.total > 0) progress.update(Math.floor((100 * step.done) / step.total), `${String(step.strategy ?? 'full-data model')}, ${String(step.labels ?? 0)} labels`);
      });
    } finally {
      progress.stop();
      await compute.close();
    }
  });
  process.stdout.write(formatSummary(result));
  if (options.json) await fs.writeFile(options.json, `${JSON.stringify({ ...result, source: { kind: 'project', project: slug, taskType, jobId } }, null, 2)}\n`);
  const count = Object.keys(result.strategies).length;
  process.stdout.write(
    `simulated ${count} strateg${count === 1 ? 'y' : 'ies'} × ${result.settings.seeds} seed(s) on ${result.dataset.poolSize + result.dataset.evalSize} gold items of ${slug} (${taskType}) in ${Math.round((Date.now() - started) / 1000)} s as job ${jobId}, listed on its model page; ${options.json ? `full result in ${options.json}` : 'pass --json <file> for the full result'}\n`,
  );
}

function isOptionGiven(command: Command, flag: string): boolean {
  const option = command.options.find((candidate) => candidate.long === flag)!;
  const source = command.getOptionValueSource(option.attributeName());
  return source !== undefined && source !== 'default';
}

/**
 * Headed by the metric the curves measure (accuracy, micro-F1 or exact span F1); "labels to 95%"
 * is to 95% of that metric's full-data value, seed by seed. A single-label summary reads as it
 * always has, so scripts that parse it keep working.
 */
export function formatSummary(result: SimulationResult): string {
  const metric = result.metric ?? 'accuracy';
  const name = SIMULATION_METRIC_NAMES[metric];
  const target = result.settings.targetAccuracy ?? null;
  const toNinetyFive = `labels to 95%${metric === 'accuracy' ? '' : ` of full-data ${name}`} (mean, min–max, reached)`;
  const width = Math.max(40, toNinetyFive.length + 2);
  const nameWidth = Math.max(18, ...Object.keys(result.strategies).map((strategy) => strategy.length + 2));
  const lines = [
    `pool ${result.dataset.poolSize}, evaluation ${result.dataset.evalSize}, budget ${result.settings.budget}, batch ${result.settings.batchSize}, ${result.settings.seeds} seed(s), ${result.settings.kind}, ${result.settings.features ?? 'hashed-ngrams'} (${result.settings.dim} columns), cold start ${result.settings.coldStart ?? 'random'}`,
    `full-data ${name} per seed: ${(result.full_accuracy_per_seed ?? []).map((a) => a.toFixed(4)).join(', ')}`,
    `${'strategy'.padEnd(nameWidth)}${'AULC'.padStart(8)}${toNinetyFive.padStart(width)}${'÷ random'.padStart(10)}   ${name} at ${(result.settings.accuracyAt ?? []).join(' / ')} labels${target !== null ? `   labels to ${target}` : ''}`,
  ];
  for (const [strategy, outcome] of Object.entries(result.strategies)) {
    const summary = outcome.labels_to_95_summary;
    const interval = summary && summary.mean !== null ? `${Math.round(summary.mean)} (${summary.min}–${summary.max}, ${summary.reached}/${summary.runs})` : `— (0/${summary?.runs ?? 0})`;
    const ratios = (outcome.ratio_to_random_per_seed ?? []).filter((r): r is number => r !== null);
    const ratio = ratios.length > 0 ? (ratios.reduce((a, b) => a + b, 0) / ratios.length).toFixed(2) : '—';
    const at = Object.values(outcome.accuracy_at ?? {}).map((a) => (a === null ? '—' : a.toFixed(3))).join(' / ');
    const targetSummary = outcome.labels_to_target_summary;
    const toTarget = target !== null && targetSummary ? `   ${targetSummary.mean !== null ? `${Math.round(targetSummary.mean)} (${targetSummary.min}–${targetSummary.max}, ${targetSummary.reached}/${targetSummary.runs})` : '—'}` : '';
    lines.push(`${strategy.padEnd(nameWidth)}${(outcome.aulc ?? Number.NaN).toFixed(4).padStart(8)}${interval.padStart(width)}${ratio.padStart(10)}   ${at}${toTarget}`);
  }
  if (result.recommendation) lines.push(`recommendation: ${result.recommendation.reason}`);
  return `${lines.join('\n')}\n`;
}

/** The model a simulation of `taskType` trains when the task leaves no choice. */
function getTaskModelKind(taskType: TSimulationTaskType): ClassifierKind {
  return chooseDefaultModelKind(getProjectModelInput(taskType), getProjectModelTask(taskType));
}

/** The strategies a model of `kind` can serve (ml/sampling/strategy-model.ts), in the order the settings list them. */
function listStrategyIds(kind: ClassifierKind): ProjectStrategyId[] {
  const served = listModelStrategies(kind);
  return PROJECT_STRATEGY_IDS.filter((id) => served.some((strategy) => strategy.id === id));
}

function refuseInapplicableOptions(command: Command, taskType: TSimulationTaskType, task: ModelTask, kind: ClassifierKind): void {
  const isGiven = (flag: string) => isOptionGiven(command, flag);
  const refused = TASK_SPECIFIC_OPTIONS.find((option) => !option.tasks.includes(task) && isGiven(option.flag));
  if (!refused) return;
  const taken = ['--strategies', '--budget', '--batch', '--seeds', '--eval-fraction', '--dim', '--seed', ...TASK_SPECIFIC_OPTIONS.filter((option) => option.tasks.includes(task)).map((option) => option.flag)];
  throw new InvalidArgumentError(`${refused.flag} does not apply to --task-type ${taskType} (model: ${MODEL_KIND_LABELS[kind]}); it takes ${taken.join(', ')} and --json`);
}

function refuseStrategiesOfOtherTasks(strategies: readonly ProjectStrategyId[], taskType: TSimulationTaskType, kind: ClassifierKind): void {
  for (const strategy of strategies) {
    const conflict = findStrategyTaskConflict(strategy, kind);
    if (conflict) throw new InvalidArgumentError(`${conflict}; --task-type ${taskType} takes --strategies ${listStrategyIds(kind).join(', ')}`);
  }
}

function parseStrategies(value: string): ProjectStrategyId[] {
  const names = value.split(',').map((name) => name.trim()).filter(Boolean);
  const unknown = names.filter((name) => !(PROJECT_STRATEGY_IDS as readonly string[]).includes(name));
  if (unknown.length > 0 || names.length === 0) throw new InvalidArgumentError(`unknown strategy ${unknown.join(', ') || '(none)'}; use ${PROJECT_STRATEGY_IDS.join(', ')}`);
  return names as ProjectStrategyId[];
}

function parseInteger(min: number) {
  return (value: string): number => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < min) throw new InvalidArgumentError(`expected an integer ≥ ${min}`);
    return parsed;
  };
}

function parseShare(value: string): number {
  const parsed = Number(value);
  if (!(parsed >= 0 && parsed <= 1)) throw new InvalidArgumentError('expected a number in [0, 1]');
  return parsed;
}

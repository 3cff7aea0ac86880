import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import { Command, InvalidArgumentError, Option } from 'commander';
import { BATCH_DIVERSITIES, isSamplingStrategyId, SAMPLING_STRATEGIES, type BatchDiversity, type SamplingStrategyId } from '@/ml/sampling';
import { COLD_START_MODES, DEFAULT_SIMULATION_SEEDS, validateSimulationSettings, type ColdStartMode, type SimulationResult } from '@/ml/simulate/simulation-settings';
import { MODEL_KIND_TASK, MODEL_KINDS, type ClassifierKind } from '@/ml/model-kinds';
import { DEFAULT_FEATURE_DIM } from '@/ml/features/feature-dim';
import { DEFAULT_FEATURIZER_OPTIONS, FEATURIZER_KINDS } from '@/ml/features/featurizer';
import { describeRow } from '@/server/import/describe-row';
import { IMPORT_FORMATS, readImport, type TImportFormat } from '@/server/import';
import { runParallelSimulation } from '@/server/worker/compute/run-parallel-simulation';
import { createProgress } from '../progress';

type TSimulateOptions = {
  textField: string;
  labelField: string;
  format?: TImportFormat;
  strategies: SamplingStrategyId[];
  budget: number;
  batch: number;
  seeds: number;
  evalFraction: number;
  model: ClassifierKind;
  diversity: BatchDiversity;
  exploration: number;
  coldStart: ColdStartMode;
  targetAccuracy?: number;
  features: (typeof FEATURIZER_KINDS)[number];
  dim: number;
  seed: number;
  threads: number;
  json?: string;
};

export const DEFAULT_SIMULATION_STRATEGIES: SamplingStrategyId[] = ['random', 'least_confidence', 'margin', 'entropy', 'committee'];

/**
 * `quorum simulate <file>`: backtests sampling strategies on a labeled file, the labels
 * acting as the oracle, and prints each strategy's learning curve summary; `--json` writes
 * the full result (`strategies.<name>.{curve, aulc, labels_to_95, full_accuracy}`).
 */
export function simulateCommand(): Command {
  return new Command('simulate')
    .description('Backtest sampling strategies on a labeled file (labels act as the oracle)')
    .argument('<file>', 'CSV, TSV, JSONL, JSON or Label Studio export with a text and a label field')
    .requiredOption('--text-field <name>', 'field holding the text')
    .requiredOption('--label-field <name>', 'field holding the known label')
    .addOption(new Option('--format <format>', 'file format (default: from the name and content)').choices([...IMPORT_FORMATS]))
    .option('--strategies <list>', `comma-separated strategies: ${SAMPLING_STRATEGIES.map((s) => s.id).join(', ')} (bald needs --model mlp)`, parseStrategies, DEFAULT_SIMULATION_STRATEGIES)
    .option('--budget <n>', 'labels each run may buy', parseInteger(1), 1000)
    .option('--batch <n>', 'labels bought per round', parseInteger(1), 20)
    .option('--seeds <n>', 'independent runs (same split, cold start and model seeds for every strategy of a run)', parseInteger(1), DEFAULT_SIMULATION_SEEDS)
    .option('--eval-fraction <share>', 'share of items held out for scoring', parseShare, 0.2)
    .addOption(new Option('--model <kind>', 'model trained each round (softmax: regression fitted to convergence; mlp: needed by bald)').choices(MODEL_KINDS.filter((kind) => MODEL_KIND_TASK[kind] === 'single_label')).default('softmax'))
    .addOption(new Option('--diversity <mode>', 'batch diversity among the top candidates').choices([...BATCH_DIVERSITIES]).default('none'))
    .option('--exploration <share>', 'share of each batch picked at random', parseShare, 0)
    .addOption(new Option('--cold-start <mode>', 'first batch: k-means representatives of the pool, or random').choices([...COLD_START_MODES]).default('representative'))
    .option('--target-accuracy <accuracy>', 'also report labels to reach this absolute accuracy', parseShare)
    .addOption(
      new Option('--features <kind>', 'hashed-ngrams: word 1-2-grams and character 3-5-grams; hashed-ngrams-vectors: plus a pretrained English word-vector block')
        .choices([...FEATURIZER_KINDS])
        .default(DEFAULT_FEATURIZER_OPTIONS.kind),
    )
    .option('--dim <n>', 'hashed feature dimension (a power of two)', parseInteger(16), DEFAULT_FEATURE_DIM)
    .option('--seed <n>', 'seed of the whole simulation', parseInteger(0), 1)
    .option('--threads <n>', 'threads running the seeds and strategies side by side (same result for any count)', parseInteger(1), os.availableParallelism())
    .option('--json <file>', 'write the full result as JSON to this file')
    .action(async (file: string, options: TSimulateOptions) => {
      const settings = {
        strategies: options.strategies,
        budget: options.budget,
        batchSize: options.batch,
        seeds: options.seeds,
        evalFraction: options.evalFraction,
        kind: options.model,
        targetAccuracy: options.targetAccuracy ?? null,
      };
      // Bad combinations fail before a large file is read.
      validateSimulationSettings(settings);
      if ((options.dim & (options.dim - 1)) !== 0) throw new InvalidArgumentError(`--dim must be a power of two, got ${options.dim}`);
      const { texts, labels, classNames, skipped } = await readLabeledFile(file, options);
      if (classNames.length < 2) throw new Error(`${file}: the labels in "${options.labelField}" have fewer than two distinct values`);
      process.stderr.write(`${file}: ${texts.length} labeled items, classes ${classNames.join(', ')}${skipped ? `; ${skipped} rows without a usable label skipped` : ''}\n`);
      const progress = createProgress({ label: 'simulating', total: 100, formatValue: (value) => `${value}%` });
      const started = Date.now();
      let result: SimulationResult;
      try {
        result = await runParallelSimulation(
          {
            texts,
            labels,
            classNames,
            ...settings,
            featurizer: { kind: options.features, dim: options.dim },
            diversity: options.diversity,
            explorationShare: options.exploration,
            coldStart: options.coldStart,
            seed: options.seed,
          },
          {
            threads: options.threads,
            onProgress: (step) => progress.update(Math.floor((100 * step.done) / step.total), `${step.strategy ?? 'full-data model'}, seed ${step.seed + 1}, ${step.labels} labels`),
          },
        );
      } finally {
        progress.stop();
      }
      process.stdout.write(formatSummary(result));
      if (options.json) {
        await fs.writeFile(options.json, `${JSON.stringify({ ...result, source: { kind: 'file', file, textField: options.textField, labelField: options.labelField } }, null, 2)}\n`);
      }
      const strategies = Object.keys(result.strategies).length;
      process.stdout.write(
        `simulated ${strategies} strateg${strategies === 1 ? 'y' : 'ies'} × ${options.seeds} seed(s) on ${texts.length} items in ${Math.round((Date.now() - started) / 1000)} s; ${options.json ? `full result in ${options.json}` : 'pass --json <file> for the full result'}\n`,
      );
    });
}

/** Text and label of every row that has both; the class list is sorted so runs are reproducible. */
export async function readLabeledFile(
  file: string,
  options: Pick<TSimulateOptions, 'textField' | 'labelField' | 'format'>,
): Promise<{ texts: string[]; labels: Int32Array; classNames: string[]; skipped: number }> {
  await fs.access(file).catch(() => {
    throw new Error(`${file}: no such file`);
  });
  const stream = readImport(createReadStream(file), {
    format: options.format,
    fileName: file,
    mapping: { textField: options.textField, labelField: options.labelField },
    labels: null,
  });
  const texts: string[] = [];
  const names: string[] = [];
  let skipped = 0;
  let firstProblem: string | null = null;
  for await (const batch of stream) {
    for (const row of batch.rows) {
      if (typeof row.goldLabel !== 'string' || row.goldLabel === '') {
        skipped++;
        continue;
      }
      texts.push(row.text);
      names.push(row.goldLabel);
    }
    skipped += batch.problems.length;
    firstProblem ??= batch.problems[0] ? `${describeRow(batch.problems[0].row)}: ${batch.problems[0].reason}` : null;
  }
  const totals = stream.getTotals();
  if (!totals.isComplete) throw new Error(`${file}: could not read the whole file (${firstProblem ?? 'unreadable'})`);
  if (texts.length === 0) throw new Error(`${file}: no rows with both "${options.textField}" and "${options.labelField}"${firstProblem ? ` (${firstProblem})` : ''}`);
  const classNames = [...new Set(names)].sort();
  const classOf = new Map(classNames.map((name, index) => [name, index]));
  return { texts, labels: Int32Array.from(names, (name) => classOf.get(name)!), classNames, skipped };
}

export function formatSummary(result: SimulationResult): string {
  const target = result.settings.targetAccuracy ?? null;
  const lines = [
    `pool ${result.dataset.poolSize}, evaluation ${result.dataset.evalSize}, budget ${result.settings.budget}, batch ${result.settings.batchSize}, ${result.settings.seeds} seed(s), ${result.settings.kind}, ${result.settings.features ?? 'hashed-ngrams'} (${result.settings.dim} columns), cold start ${result.settings.coldStart ?? 'random'}`,
    `full-data accuracy per seed: ${(result.full_accuracy_per_seed ?? []).map((a) => a.toFixed(4)).join(', ')}`,
    `${'strategy'.padEnd(18)}${'AULC'.padStart(8)}${'labels to 95% (mean, min–max, reached)'.padStart(40)}${'÷ random'.padStart(10)}   accuracy at ${(result.settings.accuracyAt ?? []).join(' / ')} labels${target !== null ? `   labels to ${target}` : ''}`,
  ];
  for (const [name, outcome] of Object.entries(result.strategies)) {
    const summary = outcome.labels_to_95_summary;
    const interval = summary && summary.mean !== null ? `${Math.round(summary.mean)} (${summary.min}–${summary.max}, ${summary.reached}/${summary.runs})` : `— (0/${summary?.runs ?? 0})`;
    const ratios = (outcome.ratio_to_random_per_seed ?? []).filter((r): r is number => r !== null);
    const ratio = ratios.length > 0 ? (ratios.reduce((a, b) => a + b, 0) / ratios.length).toFixed(2) : '—';
    const at = Object.values(outcome.accuracy_at ?? {}).map((a) => (a === null ? '—' : a.toFixed(3))).join(' / ');
    const targetSummary = outcome.labels_to_target_summary;
    const toTarget = target !== null && targetSummary ? `   ${targetSummary.mean !== null ? `${Math.round(targetSummary.mean)} (${targetSummary.min}–${targetSummary.max}, ${targetSummary.reached}/${targetSummary.runs})` : '—'}` : '';
    lines.push(`${name.padEnd(18)}${(outcome.aulc ?? Number.NaN).toFixed(4).padStart(8)}${interval.padStart(40)}${ratio.padStart(10)}   ${at}${toTarget}`);
  }
  if (result.recommendation) lines.push(`recommendation: ${result.recommendation.reason}`);
  return `${lines.join('\n')}\n`;
}

function parseStrategies(value: string): SamplingStrategyId[] {
  const names = value.split(',').map((name) => name.trim()).filter(Boolean);
  const unknown = names.filter((name) => !isSamplingStrategyId(name));
  if (unknown.length > 0 || names.length === 0) throw new InvalidArgumentError(`unknown strategy ${unknown.join(', ') || '(none)'}; use ${SAMPLING_STRATEGIES.map((s) => s.id).join(', ')}`);
  return names as SamplingStrategyId[];
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

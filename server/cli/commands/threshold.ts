import { Command, InvalidArgumentError, Option } from 'commander';
import { parse as parseCsvSync } from 'csv-parse/sync';
import { z } from 'zod';
import { certifyBudgetTally, type BudgetCertification } from '@/ml/certify/certify-budget';
import { certifyPerLabelTallies, type PerLabelCertification } from '@/ml/certify/certify-per-label';
import { certifyTally, defaultThresholdGrid, type Certification } from '@/ml/certify/learn-then-test';
import { createThresholdTally, type ThresholdTallyBuilder } from '@/ml/certify/threshold-tally';
import { detectLocalDataFormat } from '../local-data-file';
import { DECIMAL_PATTERN, MAX_LABEL_CHARS, readCalibrationFile, type TCalibrationFileFormat } from './read-calibration-file';

export const THRESHOLD_FORMS = ['error', 'per-label', 'budget'] as const;
type TThresholdForm = (typeof THRESHOLD_FORMS)[number];

/** Each predicted label keeps a tally as long as the grid; this bounds their memory. */
const MAX_LABELS = 1000;

type TThresholdOptions = {
  alpha?: number;
  delta?: number;
  gridStep: number;
  form: TThresholdForm;
  minPrecision?: Record<string, number>;
  format?: TCalibrationFileFormat;
};

type TRunFacts = { file: string; rows: number; gridStep: number };

/**
 * `quorum threshold <file>`: certifies the confidence threshold above which the model may decide
 * alone, from calibration cases drawn uniformly, with the same code (ml/certify) the app uses, and
 * prints one JSON object. The file is tallied as it streams (memory follows the grid, not the file).
 */
export function thresholdCommand(): Command {
  return new Command('threshold')
    .description('Certify a confidence threshold on uniformly drawn calibration cases (Learn then Test): the model decides alone at or above it; prints JSON')
    .argument('<file>', 'CSV with columns score,correct (correct 1 or 0; also predicted for --form per-label), or JSONL with one {"score":0.97,"correct":1} per line')
    .option('--alpha <rate>', 'error form: highest error rate among automatic decisions; budget form: highest share of all cases decided automatically and wrongly', parseRate)
    .option('--delta <rate>', 'error and per-label forms: the guarantee holds with probability at least 1 − delta', parseRate)
    .option('--grid-step <step>', 'thresholds tested from the top, fixed in advance: 1, 1 − step, …, 0', parseGridStep, 0.001)
    .addOption(
      new Option('--form <form>', 'error: P(error | automatic) ≤ alpha; per-label: a minimum precision for each predicted label; budget: E[share automatic and wrong] ≤ alpha')
        .choices([...THRESHOLD_FORMS])
        .default('error'),
    )
    .option('--min-precision <list>', 'per-label form: label=precision pairs, comma-separated (billing=0.95,tech=0.9); labels not listed always go to people', parseMinPrecision)
    .addOption(new Option('--format <format>', 'input format (default: from the file extension)').choices(['csv', 'jsonl']))
    .action(async (file: string, options: TThresholdOptions) => {
      checkFormOptions(options);
      const grid = defaultThresholdGrid(options.gridStep);
      const format = options.format ?? detectLocalDataFormat(file);
      let report: Record<string, unknown>;
      let summary: string;
      if (options.form === 'per-label') {
        const builders = new Map<string, ThresholdTallyBuilder>();
        const { rows } = await readCalibrationFile(file, {
          format,
          needsPredicted: true,
          onCase: ({ score, isError, predicted }) => {
            let builder = builders.get(predicted!);
            if (!builder) {
              if (builders.size === MAX_LABELS) throw new Error(`${file}: more than ${MAX_LABELS} distinct predicted labels`);
              builders.set(predicted!, (builder = createThresholdTally(grid)));
            }
            builder.add(score, isError);
          },
        });
        const tallies = new Map([...builders].map(([label, builder]) => [label, builder.finish()]));
        const certification = certifyPerLabelTallies({ tallies, minPrecision: options.minPrecision!, grid, delta: options.delta! });
        report = describePerLabel(certification, options.delta!, { file, rows, gridStep: options.gridStep });
        summary = summarizePerLabel(certification, { file, rows, gridStep: options.gridStep });
      } else {
        const builder = createThresholdTally(grid);
        const { rows } = await readCalibrationFile(file, { format, needsPredicted: false, onCase: ({ score, isError }) => builder.add(score, isError) });
        const tally = builder.finish();
        const facts = { file, rows, gridStep: options.gridStep };
        if (options.form === 'error') {
          const certification = certifyTally({ tally, alpha: options.alpha!, delta: options.delta! });
          report = describeError(certification, options.alpha!, options.delta!, facts);
          summary = summarizeError(certification, options.delta!, facts);
        } else {
          const certification = certifyBudgetTally({ tally, alpha: options.alpha! });
          report = describeBudget(certification, options.alpha!, facts);
          summary = summarizeBudget(certification, facts);
        }
      }
      process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      // stdout is the JSON alone; the sentence for people goes beside it.
      process.stderr.write(`${summary}\n`);
    });
}

/** Each form's guarantee is stated by different options; one that would be ignored is refused instead. */
function checkFormOptions({ form, alpha, delta, minPrecision }: TThresholdOptions): void {
  const demand = (isGiven: boolean, option: string, why: string) => {
    if (!isGiven) throw new Error(`--form ${form} needs ${option} (${why})`);
  };
  const refuse = (isGiven: boolean, option: string, why: string) => {
    if (isGiven) throw new Error(`--form ${form} takes no ${option}: ${why}`);
  };
  if (form === 'error') {
    demand(alpha !== undefined, '--alpha', 'the error rate to certify');
    demand(delta !== undefined, '--delta', 'the chance the guarantee may fail');
    refuse(minPrecision !== undefined, '--min-precision', 'it belongs to --form per-label');
  } else if (form === 'per-label') {
    demand(minPrecision !== undefined, '--min-precision', 'the target of each label');
    demand(delta !== undefined, '--delta', 'the chance that any label’s guarantee fails');
    refuse(alpha !== undefined, '--alpha', 'each label’s error rate is 1 − its --min-precision');
  } else {
    demand(alpha !== undefined, '--alpha', 'the share of all cases allowed to be automatic and wrong');
    refuse(delta !== undefined, '--delta', 'its guarantee holds in expectation, not with a probability');
    refuse(minPrecision !== undefined, '--min-precision', 'it belongs to --form per-label');
  }
}

/** The issue's keys first (threshold … delta), then what explains them. */
function describeError(certification: Certification, alpha: number, delta: number, { rows, gridStep }: TRunFacts) {
  const last = certification.steps.at(-1);
  const stoppedAt = last && last.pValue !== null && !last.isCertified ? last : null;
  return {
    threshold: certification.threshold,
    coverage: certification.coverage,
    n: certification.cases,
    k: certification.errors,
    upper_bound: certification.errorUpperBound,
    certified: certification.threshold !== null,
    alpha,
    delta,
    form: 'error',
    grid_step: gridStep,
    rows,
    min_cases: certification.minCases,
    stopped_at: stoppedAt && { threshold: stoppedAt.threshold, n: stoppedAt.cases, k: stoppedAt.errors, p_value: stoppedAt.pValue },
  };
}

function describePerLabel(certification: PerLabelCertification, delta: number, { rows, gridStep }: TRunFacts) {
  return {
    coverage: certification.coverage,
    n: certification.cases,
    k: certification.errors,
    upper_bound: certification.errorUpperBound,
    certified: certification.labels.some((label) => label.threshold !== null),
    delta,
    delta_per_label: certification.deltaPerLabel,
    form: 'per-label',
    grid_step: gridStep,
    rows,
    // A list, not an object keyed by label: labels like "10" and "2" would be reordered as keys.
    labels: certification.labels.map((label) => ({
      label: label.label,
      min_precision: label.minPrecision,
      threshold: label.threshold,
      certified: label.threshold !== null,
      predicted: label.predicted,
      n: label.cases,
      k: label.errors,
      upper_bound: label.errorUpperBound,
      coverage: label.coverage,
    })),
  };
}

function describeBudget(certification: BudgetCertification, alpha: number, { rows, gridStep }: TRunFacts) {
  return {
    threshold: certification.threshold,
    coverage: certification.coverage,
    n: certification.cases,
    k: certification.errors,
    empirical_risk: certification.empiricalRisk,
    risk_bound: certification.riskBound,
    certified: certification.threshold !== null,
    alpha,
    form: 'budget',
    grid_step: gridStep,
    rows,
  };
}

const percent = (share: number) => `${(100 * share).toFixed(1)}%`;

function summarizeError(certification: Certification, delta: number, { file, rows }: TRunFacts): string {
  if (certification.threshold === null) {
    const stopped = certification.steps.find((step) => step.pValue !== null && !step.isCertified);
    const why = stopped
      ? `the first threshold with enough cases, ${stopped.threshold}, has ${stopped.errors} errors in ${stopped.cases}`
      : `no threshold has the ${certification.minCases} cases above it that certifying needs`;
    return `no threshold certified from ${rows} rows of ${file}: ${why}; everything goes to people`;
  }
  return `threshold ${certification.threshold} certified from ${rows} rows of ${file}: ${percent(certification.coverage)} decided automatically, their error at most ${percent(certification.errorUpperBound)} with ${percent(1 - delta)} confidence`;
}

function summarizePerLabel(certification: PerLabelCertification, { file, rows }: TRunFacts): string {
  const certified = certification.labels.filter((label) => label.threshold !== null);
  return `${certified.length} of ${certification.labels.filter((label) => label.minPrecision !== null).length} labels with a target certified from ${rows} rows of ${file}${certified.map((label) => `; ${label.label} from ${label.threshold}`).join('')}: ${percent(certification.coverage)} decided automatically`;
}

function summarizeBudget(certification: BudgetCertification, { file, rows }: TRunFacts): string {
  if (certification.threshold === null) return `no threshold keeps the budget with ${rows} rows of ${file}; everything goes to people`;
  return `threshold ${certification.threshold} keeps the budget from ${rows} rows of ${file}: ${percent(certification.coverage)} decided automatically, ${percent(certification.empiricalRisk)} of all cases automatic and wrong here`;
}

const ZRate = z
  .string()
  .trim()
  .regex(DECIMAL_PATTERN)
  .transform(Number)
  .pipe(z.number().gt(0).lt(1));

function parseRate(value: string): number {
  const parsed = ZRate.safeParse(value);
  if (!parsed.success) throw new InvalidArgumentError('must be a number between 0 and 1, both excluded.');
  return parsed.data;
}

function parseGridStep(value: string): number {
  const step = Number(value);
  try {
    defaultThresholdGrid(step);
  } catch (error) {
    throw new InvalidArgumentError(`${error instanceof Error ? error.message : String(error)}.`);
  }
  return step;
}

const ZMinPrecisionPair = z.tuple([z.string().trim().min(1).max(MAX_LABEL_CHARS), ZRate]);

/** `billing=0.95,tech=0.9`, read as one CSV line so that a label with a comma can be quoted. */
function parseMinPrecision(value: string): Record<string, number> {
  let rows: string[][];
  try {
    rows = parseCsvSync(value, { trim: true, relax_column_count: true }) as string[][];
  } catch (error) {
    throw new InvalidArgumentError(`cannot read the list: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (rows.length !== 1) throw new InvalidArgumentError('give label=precision pairs on one line, separated by commas.');
  const targets = new Map<string, number>();
  for (const pair of rows[0]!) {
    const at = pair.lastIndexOf('=');
    const parsed = ZMinPrecisionPair.safeParse([pair.slice(0, Math.max(at, 0)), pair.slice(at + 1)]);
    if (at < 0 || !parsed.success) throw new InvalidArgumentError(`"${pair}" is not label=precision with a precision between 0 and 1, both excluded.`);
    const [label, precision] = parsed.data;
    if (targets.has(label)) throw new InvalidArgumentError(`"${label}" is listed twice.`);
    targets.set(label, precision);
  }
  if (targets.size > MAX_LABELS) throw new InvalidArgumentError(`at most ${MAX_LABELS} labels.`);
  return Object.fromEntries(targets);
}

import { Command, InvalidArgumentError, Option } from 'commander';
import { parse as parseCsvSync } from 'csv-parse/sync';
import { computeAgreementReport, DEFAULT_BOOTSTRAP_SAMPLES, DEFAULT_BOOTSTRAP_SEED, indexRatings, RatingInputError } from '@/ml/agreement';
import { indexLabelSetRatings } from '@/ml/multilabel/label-set-ratings';
import { computeMultilabelAgreementReport } from '@/ml/multilabel/multilabel-agreement-report';
import { computeNamedSpanAgreement } from '@/ml/spans/compute-named-span-agreement';
import { detectLocalDataFormat, type TLocalDataFormat } from '../local-data-file';
import { RATING_KINDS, type TRatingKind } from './rating-lines';
import { readRatingsFile, type TRatingsFile } from './read-ratings-file';

type TCommandOptions = { format?: TLocalDataFormat; kind?: TRatingKind; categories?: string[]; bootstrap: number; seed: number };

/** Span agreement has no bootstrap: these are refused for span ratings rather than silently ignored. */
const BOOTSTRAP_OPTIONS = ['bootstrap', 'seed'] as const;

export function agreementCommand(): Command {
  return new Command('agreement')
    .description(
      'Inter-annotator agreement as JSON, for single labels (percent, Cohen, Fleiss, Krippendorff, Gwet AC1, Dawid–Skene accuracy), label sets (MASI and Jaccard α, per-label α and κ) or spans (span F1, token α and κ, unitizing α)',
    )
    .argument(
      '<file>',
      'ratings, one answer per line: CSV item,annotator,label or JSONL {"item","annotator","label"} (single label); JSONL {"item","annotator","labels":[…]} (multi-label); JSONL {"item","annotator","text","spans":[{"start","end","label"}]} (spans: offsets in UTF-16 code units, end exclusive, as Quorum stores them and its JSONL, CSV and Label Studio exports write them; not spaCy’s code points). The quality page’s ratings download is one of these',
    )
    .addOption(new Option('--format <format>', 'input format (default: from the file extension)').choices(['csv', 'jsonl']))
    .addOption(new Option('--kind <kind>', 'the kind of ratings (default: from the first line\'s "label", "labels" or "spans")').choices(RATING_KINDS))
    .option(
      '--categories <list>',
      'declared labels in order, comma-separated, CSV-quoted if one contains a comma; labels outside it are an error. Single: sets Gwet\'s q. Multi-label: one per-label row each. Spans: the order of the per-label rows',
      parseCategoryList,
    )
    .option('--bootstrap <n>', 'bootstrap resamples over items for the 95% intervals (0 = no intervals; not for spans)', parseNonNegativeInteger, DEFAULT_BOOTSTRAP_SAMPLES)
    .option('--seed <n>', 'seed for the bootstrap resampling (not for spans)', parseInteger, DEFAULT_BOOTSTRAP_SEED)
    .action(async (file: string, options: TCommandOptions, command: Command) => {
      const format = options.format ?? detectLocalDataFormat(file);
      const refuseIgnoredOptions = (kind: TRatingKind): void => {
        if (kind !== 'spans') return;
        const given = BOOTSTRAP_OPTIONS.find((name) => command.getOptionValueSource(name) === 'cli');
        if (given) throw new Error(`--${given} does not apply to span ratings: span agreement has no bootstrap intervals`);
      };
      const ratingsFile = await readRatingsFile(file, { format, kind: options.kind, categories: options.categories, onKind: refuseIgnoredOptions });
      const { report, summary } = computeFileAgreement(file, ratingsFile, options);
      process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      // stdout is the JSON report; the summary goes beside it.
      process.stderr.write(`${summary} from ${file}\n`);
    });
}

/**
 * The report for the file's kind, computed exactly as the quality report computes its section, and
 * a one-line summary. Input errors found while indexing (a duplicate answer, an item whose text
 * changes) are reported at the line they came from.
 */
function computeFileAgreement(file: string, ratingsFile: TRatingsFile, { categories, bootstrap, seed }: TCommandOptions): { report: unknown; summary: string } {
  try {
    switch (ratingsFile.kind) {
      case 'single': {
        const index = indexRatings(ratingsFile.records, { categories });
        const report = computeAgreementReport(index, { bootstrapSamples: bootstrap, seed });
        return { report, summary: `agreement of ${index.items.length} items, ${index.annotators.length} annotators, ${ratingsFile.records.length} ratings` };
      }
      case 'multi-label': {
        const index = indexLabelSetRatings(ratingsFile.records, { labels: categories });
        const report = computeMultilabelAgreementReport(index, { bootstrapSamples: bootstrap, seed });
        return { report, summary: `multi-label agreement of ${report.items} items, ${report.annotators} annotators, ${report.answers} answers` };
      }
      case 'spans': {
        const report = computeNamedSpanAgreement(ratingsFile.records, { labels: categories });
        return { report, summary: `span agreement of ${report.items} items with two or more answers, ${report.annotators} annotators, ${ratingsFile.records.length} answers` };
      }
    }
  } catch (error) {
    if (error instanceof RatingInputError) throw new Error(`${file} line ${ratingsFile.lines[error.ratingIndex]}: ${error.message}`);
    throw error;
  }
}

/** One CSV line, so a label with a comma in it can be given as "a, b". */
function parseCategoryList(value: string): string[] {
  let rows: string[][];
  try {
    rows = parseCsvSync(value, { trim: true, relax_column_count: true }) as string[][];
  } catch (error) {
    throw new InvalidArgumentError(`cannot read the category list: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (rows.length !== 1) throw new InvalidArgumentError('categories go on one line, separated by commas.');
  const categories = rows[0]!;
  if (categories.some((category) => category === '')) throw new InvalidArgumentError('categories must be non-empty and comma-separated.');
  if (new Set(categories).size !== categories.length) throw new InvalidArgumentError('a category is listed twice.');
  return categories;
}

function parseNonNegativeInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new InvalidArgumentError('must be a non-negative integer.');
  return parsed;
}

function parseInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed)) throw new InvalidArgumentError('must be an integer.');
  return parsed;
}

import { createReadStream } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { parse } from 'csv-parse';
import { parse as parseCsvSync } from 'csv-parse/sync';
import { computeAgreementReport, DEFAULT_BOOTSTRAP_SAMPLES, DEFAULT_BOOTSTRAP_SEED, indexRatings, RatingInputError, type TRating, type TRatingIndex } from '@/ml/agreement';
import { countEmbeddedLineBreaks, describeReadError, detectLocalDataFormat, readJsonlObjects, type TLocalDataFormat } from '../local-data-file';

export type TRatingsFileFormat = TLocalDataFormat;

type TCommandOptions = { format?: TRatingsFileFormat; categories?: string[]; bootstrap: number; seed: number };

/** The ratings of a file plus the line each came from, so errors found later can still name a line. */
export type TRatingsFile = { ratings: TRating[]; lines: number[] };

const REQUIRED_COLUMNS = ['item', 'annotator', 'label'] as const;

export function agreementCommand(): Command {
  return new Command('agreement')
    .description('Inter-annotator agreement (percent, Cohen, Fleiss, Krippendorff, Gwet AC1) and Dawid–Skene annotator accuracy, as JSON')
    .argument('<file>', 'ratings: CSV with columns item,annotator,label, or JSONL with one {"item","annotator","label"} per line')
    .addOption(new Option('--format <format>', 'input format (default: from the file extension)').choices(['csv', 'jsonl']))
    .option(
      '--categories <list>',
      'declared categories in order, comma-separated, CSV-quoted if one contains a comma (sets Gwet\'s q; labels outside it are an error)',
      parseCategoryList,
    )
    .option('--bootstrap <n>', 'bootstrap resamples over items for the 95% intervals (0 = no intervals)', parseNonNegativeInteger, DEFAULT_BOOTSTRAP_SAMPLES)
    .option('--seed <n>', 'seed for the bootstrap resampling', parseInteger, DEFAULT_BOOTSTRAP_SEED)
    .action(async (file: string, options: TCommandOptions) => {
      const format = options.format ?? detectLocalDataFormat(file);
      const ratingsFile = await readRatingsFile(file, format, options.categories);
      const index = indexRatingsFile(file, ratingsFile, options.categories);
      const report = computeAgreementReport(index, { bootstrapSamples: options.bootstrap, seed: options.seed });
      process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      // stdout is the JSON report; the summary goes beside it.
      process.stderr.write(`agreement of ${index.items.length} items, ${index.annotators.length} annotators, ${ratingsFile.ratings.length} ratings from ${file}\n`);
    });
}

/** Indexes once for all metrics; a duplicate rating is reported at the line it came from. */
function indexRatingsFile(file: string, { ratings, lines }: TRatingsFile, categories: readonly string[] | undefined): TRatingIndex {
  try {
    return indexRatings(ratings, { categories });
  } catch (error) {
    if (error instanceof RatingInputError) throw new Error(`${file} line ${lines[error.ratingIndex]}: ${error.message}`);
    throw error;
  }
}

/** Streams a ratings file; throws an Error whose one-line message names the file and, where there is one, the line. */
export async function readRatingsFile(file: string, format: TRatingsFileFormat, categories?: readonly string[]): Promise<TRatingsFile> {
  const declared = categories ? new Set(categories) : null;
  const result: TRatingsFile = { ratings: [], lines: [] };
  const accept = (rating: TRating, line: number): void => {
    if (declared && !declared.has(rating.label)) {
      throw new Error(`${file} line ${line}: label "${rating.label}" is not in --categories (${[...declared].join(', ')})`);
    }
    result.ratings.push(rating);
    result.lines.push(line);
  };
  const source = createReadStream(file);
  try {
    if (format === 'csv') await readCsv(file, source, accept);
    else await readJsonl(file, source, accept);
  } catch (error) {
    throw describeReadError(file, error);
  } finally {
    source.destroy();
  }
  if (result.ratings.length === 0) throw new Error(`${file}: no ratings after the header`);
  return result;
}

async function readCsv(file: string, source: NodeJS.ReadableStream, accept: (rating: TRating, line: number) => void): Promise<void> {
  // csv-parse's `info` option would give line numbers but triples the parse time (it copies a
  // context object per record), so lines are counted here: one per record, plus the line breaks
  // inside quoted fields. Blank lines come through as a single empty field and are skipped here.
  const parser = parse({ bom: true, trim: true, relax_column_count: true });
  // pipe() does not forward errors, and a parser that never ends would hang the loop below.
  source.on('error', (error) => parser.destroy(error));
  source.pipe(parser);
  let columns: { item: number; annotator: number; label: number; width: number } | null = null;
  let lastLine = 0;
  for await (const record of parser as AsyncIterable<string[]>) {
    const line = lastLine + 1;
    lastLine = line + countEmbeddedLineBreaks(record);
    if (record.length === 1 && record[0] === '') continue;
    if (!columns) {
      columns = locateColumns(file, record, line);
      continue;
    }
    if (record.length !== columns.width) {
      throw new Error(`${file} line ${line}: expected ${columns.width} fields like the header, got ${record.length}`);
    }
    accept(
      {
        item: requireField(file, line, 'item', record[columns.item]),
        annotator: requireField(file, line, 'annotator', record[columns.annotator]),
        label: requireField(file, line, 'label', record[columns.label]),
      },
      line,
    );
  }
  if (!columns) throw new Error(`${file} line 1: empty file, expected a header line "item,annotator,label"`);
}


function locateColumns(file: string, header: string[], line: number) {
  // Spreadsheets like to capitalise headers; "Item" is still the item column.
  const names = header.map((name) => name.toLowerCase());
  const position = (name: string): number => {
    const at = names.indexOf(name);
    if (at < 0) throw new Error(`${file} line ${line}: missing column "${name}" in header (found: ${header.join(', ')})`);
    return at;
  };
  const [item, annotator, label] = REQUIRED_COLUMNS.map(position) as [number, number, number];
  return { item, annotator, label, width: header.length };
}

async function readJsonl(file: string, source: NodeJS.ReadableStream, accept: (rating: TRating, line: number) => void): Promise<void> {
  let hasContent = false;
  const objects = readJsonlObjects(source, { where: ({ line }) => `${file} line ${line}`, expected: 'an object with "item", "annotator" and "label"' });
  for await (const { fields, line } of objects) {
    hasContent = true;
    accept(
      {
        item: requireField(file, line, 'item', fields.item),
        annotator: requireField(file, line, 'annotator', fields.annotator),
        label: requireField(file, line, 'label', fields.label),
      },
      line,
    );
  }
  if (!hasContent) throw new Error(`${file} line 1: empty file, expected one {"item","annotator","label"} object per line`);
}

/** Numbers are accepted as labels and ids (JSONL writers emit 3, not "3"); anything else must be a non-empty string. */
function requireField(file: string, line: number, name: string, value: unknown): string {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') throw new Error(`${file} line ${line}: "${name}" must be a string or a number`);
  if (value.trim() === '') throw new Error(`${file} line ${line}: empty "${name}"`);
  return value;
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

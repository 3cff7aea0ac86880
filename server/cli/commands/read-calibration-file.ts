import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import { z } from 'zod';
import { describeReadError, readCsvRecords, readJsonlObjects, type TLocalDataFormat } from '../local-data-file';

export type TCalibrationFileFormat = TLocalDataFormat;

/** Enough for some ten million rows of `score,correct,predicted`; the file is streamed, never held. */
export const MAX_CALIBRATION_FILE_BYTES = 200 * 1024 * 1024;
export const MAX_LABEL_CHARS = 200;

/** A number as people write it in a file or an option: 0.97, .5, 1, 1e-3. */
export const DECIMAL_PATTERN = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const SCORE_MESSAGE = 'must be a number from 0 to 1';
const CORRECT_MESSAGE = 'must be 1 or 0 (or true or false)';

const ZScore = z
  .union([z.number(), z.string().trim().regex(DECIMAL_PATTERN).transform(Number)], { error: SCORE_MESSAGE })
  .pipe(z.number().min(0, { error: SCORE_MESSAGE }).max(1, { error: SCORE_MESSAGE }));

// Spreadsheets write TRUE and FALSE; JSONL writers write 1, true or "1".
const ZCorrect = z
  .union([z.literal([0, 1]), z.boolean(), z.string().trim().toLowerCase().pipe(z.enum(['0', '1', 'true', 'false']))], { error: CORRECT_MESSAGE })
  .transform((value) => value === 1 || value === true || value === '1' || value === 'true');

const ZPredicted = z
  .union([z.string(), z.number().transform(String)], { error: 'must be a label' })
  .pipe(z.string().trim().min(1, { error: 'must not be empty' }).max(MAX_LABEL_CHARS, { error: `must be at most ${MAX_LABEL_CHARS} characters` }));

/** One calibration case: the model's confidence, whether its answer was correct, and (per-label form) what it answered. */
export const ZCalibrationRow = z.object({ score: ZScore, correct: ZCorrect });
export const ZLabeledCalibrationRow = ZCalibrationRow.extend({ predicted: ZPredicted });

export type TCalibrationCase = { score: number; isError: boolean; predicted: string | null };

type TReadOptions = {
  format: TCalibrationFileFormat;
  /** The per-label form needs the predicted label of every row. */
  needsPredicted: boolean;
  maxBytes?: number;
  onCase: (calibrationCase: TCalibrationCase) => void;
};

/** Where a row sits, as the user can find it: the nth data row, on this line of the file. */
type TRowPlace = { row: number; line: number };

/**
 * Streams a calibration file, CSV with a header naming `score` and `correct` (and `predicted` for
 * the per-label form; other columns are ignored), headerless two-column `score,correct` rows, or
 * JSONL objects with those keys, handing each valid case to onCase. The first bad row ends the read
 * with an Error whose one-line message names the file, the row and the line.
 */
export async function readCalibrationFile(file: string, { format, needsPredicted, maxBytes = MAX_CALIBRATION_FILE_BYTES, onCase }: TReadOptions): Promise<{ rows: number }> {
  const schema: z.ZodType<{ score: number; correct: boolean; predicted?: string }> = needsPredicted ? ZLabeledCalibrationRow : ZCalibrationRow;
  let rows = 0;
  const accept = (fields: Record<string, unknown>, place: TRowPlace): void => {
    const parsed = schema.safeParse(fields);
    if (!parsed.success) throw new Error(`${describePlace(file, place)}: ${describeIssue(parsed.error.issues[0]!, fields)}`);
    const { score, correct, predicted } = parsed.data;
    onCase({ score, isError: !correct, predicted: predicted ?? null });
    rows++;
  };
  try {
    const { size } = await fs.stat(file);
    if (size > maxBytes) throw new Error(`${file} is ${formatSize(size)}; calibration files are limited to ${formatSize(maxBytes)}`);
    const source = createReadStream(file);
    // A pipe or a file still growing has no size up front: the bytes are counted as they arrive. The
    // parsers attach in the same tick, before the first chunk is read, so none misses a byte.
    let bytes = 0;
    source.on('data', (chunk) => {
      bytes += chunk.length;
      if (bytes > maxBytes) source.destroy(new Error(`${file} is over ${formatSize(maxBytes)}; calibration files are limited to that`));
    });
    try {
      if (format === 'csv') await readCsv(file, source, needsPredicted, accept);
      else await readJsonl(file, source, accept);
    } finally {
      source.destroy();
    }
  } catch (error) {
    throw describeReadError(file, error);
  }
  if (rows === 0) throw new Error(`${file}: no calibration rows`);
  return { rows };
}

async function readCsv(file: string, source: NodeJS.ReadableStream, needsPredicted: boolean, accept: (fields: Record<string, unknown>, place: TRowPlace) => void): Promise<void> {
  let columns: ReturnType<typeof locateColumns> | null = null;
  let row = 0;
  for await (const { record, line } of readCsvRecords(source)) {
    if (!columns) {
      columns = locateColumns(file, record, line, needsPredicted);
      if (columns.isHeader) continue;
    }
    row++;
    if (record.length !== columns.width) {
      throw new Error(`${describePlace(file, { row, line })}: expected ${columns.width} fields like the ${columns.isHeader ? 'header' : 'first row'}, got ${record.length}`);
    }
    accept({ score: record[columns.score], correct: record[columns.correct], ...(columns.predicted === null ? {} : { predicted: record[columns.predicted] }) }, { row, line });
  }
  if (!columns) throw new Error(`${file} line 1: empty file, expected a header line "score,correct"`);
}

/**
 * A first row naming `score` is the header. Without one, two columns whose first is a number are
 * read as `score,correct`; anything else is ambiguous and refused.
 */
function locateColumns(file: string, record: string[], line: number, needsPredicted: boolean) {
  // Spreadsheets like to capitalise headers; "Score" is still the score column.
  const names = record.map((name) => name.toLowerCase());
  if (names.includes('score')) {
    const position = (name: string): number => {
      const at = names.indexOf(name);
      if (at < 0) throw new Error(`${file} line ${line}: missing column "${name}" in header (found: ${record.join(', ')})`);
      return at;
    };
    return { score: position('score'), correct: position('correct'), predicted: needsPredicted ? position('predicted') : null, width: record.length, isHeader: true };
  }
  if (needsPredicted) throw new Error(`${file} line ${line}: the per-label form needs a header naming the columns score, correct and predicted`);
  if (record.length === 2 && DECIMAL_PATTERN.test(record[0]!)) return { score: 0, correct: 1, predicted: null, width: 2, isHeader: false };
  throw new Error(`${file} line ${line}: expected a header naming the columns score and correct, or rows of two columns score,correct (found: ${record.join(', ')})`);
}


async function readJsonl(file: string, source: NodeJS.ReadableStream, accept: (fields: Record<string, unknown>, place: TRowPlace) => void): Promise<void> {
  const objects = readJsonlObjects(source, { where: (place) => describePlace(file, place), expected: 'an object like {"score":0.97,"correct":1}' });
  for await (const { fields, row, line } of objects) accept(fields, { row, line });
}

function describePlace(file: string, { row, line }: TRowPlace): string {
  return `${file} row ${row} (line ${line})`;
}

function describeIssue(issue: z.core.$ZodIssue, fields: Record<string, unknown>): string {
  const key = String(issue.path[0] ?? '');
  const value = fields[key];
  if (value === undefined) return `missing "${key}"`;
  const shown = JSON.stringify(value);
  return `${key} ${issue.message}, got ${shown.length > 40 ? `${shown.slice(0, 40)}…` : shown}`;
}

function formatSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${bytes} bytes`;
  return `${(bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}



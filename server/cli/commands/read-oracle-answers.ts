import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ModelTask } from '@/ml/model-kinds';
import { describeRow } from '@/server/import/describe-row';
import { countProblemRows, isImportSpans, previewImport, readImport, type TImportAnnotation, type TImportAnswer, type TImportFormat, type TImportMapping, type TImportSpans } from '@/server/import';

/** What each task's simulator takes as one item's true answer. */
export type TOracleAnswer<TTask extends ModelTask> = TTask extends 'single_label' ? string : TTask extends 'multi_label' ? string[] : TImportSpans;

export type TOracleFileOptions = {
  textField: string;
  /** Absent: the answers are the file's own annotations (Label Studio) or its spans (spaCy). */
  labelField?: string;
  /** Without a label field: the Label Studio control whose annotations count (JSON_MIN: its column). */
  fromName?: string;
  format?: TImportFormat;
};

/** Formats whose rows carry their answers (Label Studio's annotations, spaCy's spans), so no field need be named. */
const FORMATS_WITH_ANSWERS: readonly TImportFormat[] = ['label-studio', 'label-studio-min', 'spacy'];

/**
 * The items of a labeled file and their true answers, read by the importer as a project of `task`
 * would read them: a label, a label set (an empty one is "none of these") or spans checked against
 * the text (overlapping spans refused, a new project's default). With a label field, its value is
 * the answer; without, a row's ground-truth annotation, else the answer its annotators all gave (a
 * row where they differ has none). Rows without an answer of the task's shape are counted as skipped.
 */
export async function readOracleAnswers<TTask extends ModelTask>(
  file: string,
  options: TOracleFileOptions,
  task: TTask,
): Promise<{ texts: string[]; answers: TOracleAnswer<TTask>[]; skipped: number; firstProblem: string | null; mapping: TImportMapping }> {
  await fs.access(file).catch(() => {
    throw new Error(`${file}: no such file`);
  });
  const { mapping, format } = await resolveOracleMapping(file, options, task);
  const stream = readImport(createReadStream(file), {
    format,
    fileName: file,
    mapping,
    labels: null,
    isMultiLabel: task === 'multi_label',
    spans: task === 'spans' ? { allowOverlap: false } : null,
  });
  const texts: string[] = [];
  const answers: TOracleAnswer<TTask>[] = [];
  let skipped = 0;
  let firstProblem: string | null = null;
  for await (const batch of stream) {
    for (const row of batch.rows) {
      const answer = mapping.labelField ? row.goldLabel : (row.goldLabel ?? findAgreedAnswer(row.annotations, task));
      if (!isTaskAnswer(answer, task)) {
        skipped++;
        continue;
      }
      texts.push(row.text);
      answers.push(answer);
    }
    // A row can have several problems (one per bad span): count it once.
    skipped += countProblemRows(batch.problems);
    firstProblem ??= batch.problems[0] ? `${describeRow(batch.problems[0].row)}: ${batch.problems[0].reason}` : null;
  }
  const totals = stream.getTotals();
  if (!totals.isComplete) throw new Error(`${file}: could not read the whole file (${firstProblem ?? 'unreadable'})`);
  if (texts.length === 0) {
    const answerSource = mapping.labelField ? `"${mapping.labelField}"` : 'an answer (a ground-truth annotation, or annotations that agree)';
    throw new Error(`${file}: no rows with both "${options.textField}" and ${answerSource}${firstProblem ? ` (${firstProblem})` : ''}`);
  }
  return { texts, answers, skipped, firstProblem, mapping };
}

/**
 * The import mapping. Without a label field the format must carry the answers itself: spaCy's
 * `spans`, Label Studio's annotations, or JSON_MIN's choices column (guessed as the import
 * preview guesses it, unless --from-name names it).
 */
async function resolveOracleMapping(file: string, options: TOracleFileOptions, task: ModelTask): Promise<{ mapping: TImportMapping; format?: TImportFormat }> {
  if (options.format === 'spacy' && task !== 'spans') throw new Error('a spaCy JSONL file carries spans: simulate it with --task-type spans');
  if (options.labelField) return { format: options.format, mapping: { textField: options.textField, labelField: options.labelField } };
  const preview = await previewImport(createReadStream(file, { start: 0, end: 256 * 1024 - 1 }), { format: options.format, fileName: path.basename(file), isSpans: task === 'spans' });
  if (!FORMATS_WITH_ANSWERS.includes(preview.format)) throw new Error(`${file}: a ${preview.format} file holds no annotations to take the answers from; name the field holding them with --label-field`);
  const suggested = preview.suggestedMapping;
  const fromName = options.fromName ?? (preview.format === 'label-studio-min' ? suggested.fromName : null);
  if (preview.format === 'label-studio-min' && !fromName) throw new Error(`${file}: cannot tell which column holds the choices; name it with --from-name or --label-field`);
  return { format: preview.format, mapping: { textField: options.textField, labelField: preview.format === 'spacy' ? suggested.labelField : null, fromName } };
}

/** The one answer every annotation of a row gives, in the task's shape; null without annotations or when they differ. */
function findAgreedAnswer(annotations: readonly TImportAnnotation[], task: ModelTask): TImportAnswer | null {
  const answers = annotations.map((annotation): TImportAnswer | null => {
    const { labels } = annotation;
    if (isImportSpans(labels)) return labels;
    if (task === 'single_label') return labels.length === 1 ? labels[0]! : null;
    return [...labels].sort();
  });
  const [first] = answers;
  if (first === undefined || first === null) return null;
  const key = JSON.stringify(first);
  return answers.every((answer) => JSON.stringify(answer) === key) ? first : null;
}

function isTaskAnswer<TTask extends ModelTask>(answer: TImportAnswer | null, task: TTask): answer is TOracleAnswer<TTask> {
  if (answer === null) return false;
  if (task === 'spans') return isImportSpans(answer);
  if (task === 'multi_label') return Array.isArray(answer);
  return typeof answer === 'string' && answer !== '';
}

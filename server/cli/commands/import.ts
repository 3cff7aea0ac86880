import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { Command, Option } from 'commander';
import { pipeline } from 'node:stream/promises';
import { IMPORT_FORMATS, previewImport, type TImportFormat, type TImportMapping } from '@/server/import';
import { openRejectedRowsFile } from '@/server/services/data/rejected-rows';
import { describeRow } from '@/server/import/describe-row';
import type { TImportResult } from '@/server/import/import-report';
import { importItems } from '@/server/services/data/import-items';
import { getProject } from '@/server/services/projects/projects';
import { countBytes, createProgress, formatBytes } from '../progress';
import { describeRemoteOptions, fetchRemote, requireProjectId, resolveRemote, withLocalDatabase, type TRemoteOptions } from '../target';

type TImportCliOptions = TRemoteOptions & {
  project: string;
  format?: TImportFormat;
  textField?: string;
  labelField?: string;
  idField?: string;
  fromName?: string;
  imageField?: string;
  skipInvalid?: boolean;
  rejects?: string;
  json?: boolean;
};

/**
 * The preview's mapping with the options on top. Naming the text field used to skip the preview, and
 * with it everything else the preview recognises: a Quorum export imported with --text-field text
 * came back without its annotations, final labels or predictions.
 */
export async function resolveMapping(file: string, options: TImportCliOptions, isSpans = false): Promise<{ mapping: TImportMapping; format?: TImportFormat }> {
  const head = fs.createReadStream(file, { start: 0, end: 256 * 1024 - 1 });
  const preview = await previewImport(head, { format: options.format, fileName: path.basename(file), isSpans });
  const mapping = { ...preview.suggestedMapping };
  if (options.textField) mapping.textField = options.textField;
  else if (!preview.suggestedMapping.textField && !options.imageField) throw new Error(`cannot tell which field holds the text (fields: ${preview.fields.join(', ')}); pass --text-field`);
  if (options.labelField) mapping.labelField = options.labelField;
  if (options.idField) mapping.idField = options.idField;
  if (options.fromName) mapping.fromName = options.fromName;
  if (options.imageField) {
    mapping.imageField = options.imageField;
    if (!options.textField) mapping.textField = options.imageField;
  }
  return { format: preview.format, mapping };
}

/** The project's task type, as the server lists it (null when the listing does not say). */
async function fetchProjectTaskType(target: NonNullable<ReturnType<typeof resolveRemote>>, slug: string): Promise<string | null> {
  const response = await fetchRemote(target, '/api/v1/projects');
  const projects = (await response.json()) as { slug: string; taskType?: string }[];
  return projects.find((project) => project.slug === slug)?.taskType ?? null;
}

/** Saves the run's refused rows (all of them with --skip-invalid) to `file`, from the server. */
async function downloadRejects(target: NonNullable<ReturnType<typeof resolveRemote>>, slug: string, importId: number, file: string) {
  const response = await fetchRemote(target, `/api/v1/projects/${encodeURIComponent(slug)}/imports/${importId}/rejected-rows`);
  if (!response.body) throw new Error('the server sent no rejected rows');
  await pipeline(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream<Uint8Array>), fs.createWriteStream(file));
}

/** The one line a successful import ends with (the problems of skipped rows, if any, follow it). */
export function formatImportSummary(result: TImportResult, file: string, project: string): string {
  const n = (count: number, noun: string) => `${count.toLocaleString('en')} ${noun}${count === 1 ? '' : 's'}`;
  const extras = [
    result.annotationsCreated + result.annotationDuplicatesSkipped > 0 ? `${n(result.annotationsCreated, 'annotation')} (${result.annotationDuplicatesSkipped.toLocaleString('en')} already stored)` : null,
    result.predictionsCreated > 0 ? n(result.predictionsCreated, 'prediction') : null,
  ].filter(Boolean);
  return `imported ${n(result.rowsRead, 'row')} of ${path.basename(file)} (${result.format ?? 'unknown format'}) into ${project}: ${n(result.itemsCreated, 'new item')}, ${n(result.duplicatesSkipped, 'duplicate')} skipped, ${n(result.rowsRejected, 'row')} rejected${extras.length > 0 ? `; ${extras.join(', ')}` : ''}`;
}

function report(result: TImportResult, file: string, options: TImportCliOptions) {
  if (options.json) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } else {
    const lines = [
      result.status === 'succeeded'
        ? formatImportSummary(result, file, options.project)
        : `not imported: ${result.rowsRead} rows read (${result.format ?? 'unknown format'}), ${result.problemCount} problems; the project is unchanged`,
      ...result.problems.slice(0, 20).map((problem) => `  ${describeRow(problem.row)}${problem.field ? `, ${problem.field}` : ''}: ${problem.reason}`),
    ];
    if (result.problemCount > 20) lines.push(`  … and ${result.problemCount - 20} more${options.rejects ? ` (all in ${options.rejects})` : ' (use --rejects <file> for the list)'}`);
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  if (result.status !== 'succeeded') {
    const first = result.problems[0];
    throw new Error(`${result.error ?? 'import failed'}${first ? ` (first: ${describeRow(first.row)}${first.field ? `, ${first.field}` : ''}: ${first.reason})` : ''}`);
  }
}

export function importCommand(): Command {
  const remote = describeRemoteOptions();
  return new Command('import')
    .description('Import items (CSV, TSV, JSONL, JSON, Label Studio, spaCy JSONL) into a project; all-or-nothing unless --skip-invalid')
    .argument('<file>', 'the file to import')
    .requiredOption('--project <slug>', 'project to import into')
    .addOption(new Option('--format <format>', 'file format (default: from the name and content)').choices(IMPORT_FORMATS))
    .option('--text-field <field>', 'field holding the text (default: guessed from the file)')
    .option('--label-field <field>', 'field holding a gold label (spans projects: the gold spans, e.g. spaCy\'s spans)')
    .option('--id-field <field>', 'field holding an external id (used to skip duplicates)')
    .option('--from-name <name>', 'Label Studio: the choices control to read (spans projects: the labels control)')
    .option('--image-field <field>', 'image projects: the field holding each image URL (Label Studio: image); the server fetches it from its allowed hosts')
    .option('--skip-invalid', 'import the valid rows and report the rest instead of importing nothing')
    .option('--rejects <file>', 'write the rejected rows (original columns plus quorum_row and quorum_problem) to this file, to fix and import again')
    .option('--json', 'print the report as JSON')
    .option(...remote.url)
    .option(...remote.token)
    .action(async (file: string, options: TImportCliOptions) => {
      if (!fs.existsSync(file)) throw new Error(`no such file: ${file}`);
      const size = fs.statSync(file).size;
      const target = resolveRemote(options);
      const progress = createProgress({ label: 'importing', total: size, formatValue: formatBytes, isSilent: options.json });
      let rows = 0;
      const openSource = () => fs.createReadStream(file).pipe(countBytes((bytes) => progress.update(bytes, `${rows.toLocaleString('en')} rows`)));
      let result: TImportResult;
      try {
        if (target) {
          // A spans project reads spaCy files (offsets in code points): the mapping depends on the project's task type.
          const { mapping, format } = await resolveMapping(file, options, (await fetchProjectTaskType(target, options.project)) === 'spans');
          const source = openSource();
          const query = new URLSearchParams({ mapping: JSON.stringify(mapping), fileName: path.basename(file), skipInvalid: options.skipInvalid ? '1' : '0' });
          if (format) query.set('format', format);
          const response = await fetchRemote(target, `/api/v1/projects/${encodeURIComponent(options.project)}/import?${query}`, {
            method: 'POST',
            body: Readable.toWeb(source) as ReadableStream<Uint8Array>,
            duplex: 'half',
            headers: { 'content-type': 'application/octet-stream' },
          });
          result = (await response.json()) as TImportResult;
          if (options.rejects && result.problemCount > 0) await downloadRejects(target, options.project, result.importId, options.rejects);
        } else {
          result = await withLocalDatabase(async (db) => {
            const projectId = await requireProjectId(db, options.project);
            const { mapping, format } = await resolveMapping(file, options, (await getProject(db, projectId)).taskType === 'spans');
            const imported = await importItems(db, null, projectId, openSource(), {
              format,
              fileName: path.basename(file),
              mapping,
              skipInvalid: options.skipInvalid,
              onProgress: (progress) => {
                rows = progress.rowsRead;
              },
            });
            if (options.rejects && imported.problemCount > 0) {
              await pipeline((await openRejectedRowsFile(db, projectId, imported.importId)).body, fs.createWriteStream(options.rejects));
            }
            return imported;
          });
        }
      } finally {
        progress.stop();
      }
      report(result, file, options);
    });
}

'use client';

import { useRouter } from 'next/navigation';
import { useId, useState, type DragEvent } from 'react';
import { Alert } from '@/app/_components/alert';
import { DataTable } from '@/app/_components/data-table';
import type { TImportFormat, TImportMapping, TImportProblem } from '@/server/import/types';
import type { TImportResult } from '@/server/import/import-report';
import { uploadImport } from './upload-import';

type TPreview = {
  format: TImportFormat;
  fields: string[];
  rows: Record<string, unknown>[];
  rowNumbers: number[];
  suggestedMapping: TImportMapping;
  problems: TImportProblem[];
};

type TPhase = { kind: 'idle' } | { kind: 'previewing' } | { kind: 'ready' } | { kind: 'importing'; uploaded: number; rowsRead: number } | { kind: 'done'; result: TImportResult };

const PREVIEW_BYTES = 256 * 1024;
const PREVIEW_ROWS = 8;
const PREVIEW_COLUMNS = 8;
const FORMAT_NAMES: Record<TImportFormat, string> = {
  csv: 'CSV',
  tsv: 'TSV',
  jsonl: 'JSON Lines',
  json: 'JSON array',
  'label-studio': 'Label Studio JSON',
  'label-studio-min': 'Label Studio JSON_MIN',
  spacy: 'spaCy JSONL (code point offsets)',
};

/** Row 0 is the header; data row 1 is the first row after it, as the preview table numbers them. */
function formatRow(row: number): string {
  return row === 0 ? 'header' : `row ${row}`;
}

function formatCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}

/** Drop a file, check the preview and the field mapping, import with a progress bar, read the report. */
/** Image projects: the field that most likely holds image URLs (Label Studio's is `image`). */
function guessImageField(fields: string[]): string | null {
  return fields.find((field) => /^(image|image_url|url|img|src|path)$/i.test(field)) ?? fields.find((field) => /image|url/i.test(field)) ?? null;
}

export function ImportPanel({ slug, labels, isImageProject = false, isSpanProject = false }: { slug: string; labels: string[]; isImageProject?: boolean; isSpanProject?: boolean }) {
  const router = useRouter();
  const inputId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<TPreview | null>(null);
  const [mapping, setMapping] = useState<TImportMapping | null>(null);
  const [skipInvalid, setSkipInvalid] = useState(false);
  const [phase, setPhase] = useState<TPhase>({ kind: 'idle' });
  const [error, setError] = useState<string | null>(null);
  const [isDragging, setIsDragging] = useState(false);
  const base = `/api/v1/projects/${encodeURIComponent(slug)}/import`;

  async function choose(chosen: File) {
    setFile(chosen);
    setPreview(null);
    setMapping(null);
    setError(null);
    setPhase({ kind: 'previewing' });
    try {
      const response = await fetch(`${base}/preview?${new URLSearchParams({ fileName: chosen.name })}`, { method: 'POST', body: chosen.slice(0, PREVIEW_BYTES) });
      const body = (await response.json()) as TPreview & { error?: { message: string } };
      if (!response.ok) throw new Error(body.error?.message ?? `Preview failed (${response.status})`);
      setPreview(body);
      setMapping(isImageProject ? { ...body.suggestedMapping, imageField: guessImageField(body.fields) } : body.suggestedMapping);
      setPhase({ kind: 'ready' });
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : 'The preview failed');
      setPhase({ kind: 'idle' });
    }
  }

  async function runImport() {
    if (!file || !preview || !mapping) return;
    setError(null);
    setPhase({ kind: 'importing', uploaded: 0, rowsRead: 0 });
    const query = new URLSearchParams({ format: preview.format, fileName: file.name, mapping: JSON.stringify(mapping), skipInvalid: skipInvalid ? '1' : '0' });
    try {
      const result = await uploadImport(`${base}?${query}`, file, (progress) => setPhase({ kind: 'importing', ...progress }));
      setPhase({ kind: 'done', result });
      router.refresh();
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : 'The import failed');
      setPhase({ kind: 'ready' });
    }
  }

  function onDrop(event: DragEvent<HTMLElement>) {
    event.preventDefault();
    setIsDragging(false);
    const dropped = event.dataTransfer.files[0];
    if (dropped) void choose(dropped);
  }

  const setField = (key: 'textField' | 'labelField' | 'idField' | 'imageField', value: string) => setMapping((current) => (current ? { ...current, [key]: value || null } : current));
  const columns = preview?.fields.slice(0, PREVIEW_COLUMNS) ?? [];

  return (
    <section className="card space-y-4" aria-labelledby="import-heading">
      <h2 id="import-heading" className="font-semibold">
        Import items
      </h2>
      <label
        htmlFor={inputId}
        onDragOver={(event) => {
          event.preventDefault();
          setIsDragging(true);
        }}
        onDragLeave={() => setIsDragging(false)}
        onDrop={onDrop}
        className={`flex cursor-pointer flex-col items-center justify-center gap-1 rounded-lg border-2 border-dashed px-4 py-8 text-center text-sm ${
          isDragging ? 'border-blue-700 bg-blue-50' : 'border-slate-300 bg-slate-50 hover:bg-slate-100'
        }`}
      >
        <span className="font-medium text-slate-800">{file ? file.name : 'Drop a file here, or choose one'}</span>
        <span className="text-slate-600">CSV, TSV, JSON Lines, JSON array, Label Studio export</span>
        <input
          id={inputId}
          type="file"
          className="sr-only"
          accept=".csv,.tsv,.txt,.json,.jsonl,.ndjson"
          onChange={(event) => {
            const chosen = event.target.files?.[0];
            if (chosen) void choose(chosen);
          }}
        />
      </label>
      {error ? <Alert tone="error">{error}</Alert> : null}
      {phase.kind === 'previewing' ? <p className="text-sm text-slate-700">Reading the first rows…</p> : null}

      {preview && mapping ? (
        <div className="space-y-4">
          <p className="text-sm text-slate-700">
            Format: <strong>{FORMAT_NAMES[preview.format]}</strong> · {preview.fields.length} fields. Nothing is written until you press Import.
          </p>
          <DataTable<{ number: number; values: Record<string, unknown> }>
            caption="Preview of the first rows"
            isFramed
            // Field names are shown exactly as the file spells them.
            tableClassName="text-xs [&_th]:normal-case [&_th]:tracking-normal"
            rows={preview.rows.slice(0, PREVIEW_ROWS).map((values, index) => ({ number: preview.rowNumbers[index] ?? index + 1, values }))}
            rowKey={(row) => String(row.number)}
            emptyText="No rows in the file's first part."
            columns={[
              // The numbers the problem table, the rejected-rows file and the CLI use for the same rows.
              { header: 'Row', cell: (row) => row.number, className: 'tabular-nums' },
              ...columns.map((field) => ({
                header: `${field}${field === mapping.textField ? ' (text)' : field === mapping.labelField ? ' (gold label)' : field === mapping.idField ? ' (id)' : ''}`,
                cell: (row: { values: Record<string, unknown> }) => formatCell(row.values[field]),
                className: 'max-w-64 whitespace-pre-wrap break-words',
              })),
            ]}
          />
          {preview.problems.length > 0 ? (
            <Alert tone="error">
              Problems in the first rows: {preview.problems.slice(0, 3).map((problem) => `${formatRow(problem.row)}: ${problem.reason}`).join('; ')}
            </Alert>
          ) : null}
          <div className="grid gap-3 sm:grid-cols-3">
            {isImageProject ? (
              <FieldSelect label="Image URL field" value={mapping.imageField ?? ''} fields={preview.fields} isRequired onChange={(value) => setField('imageField', value)} />
            ) : null}
            <FieldSelect label={isImageProject ? 'Caption field (the image URL field: its file name)' : 'Text field'} value={mapping.textField} fields={preview.fields} isRequired onChange={(value) => setField('textField', value)} />
            <FieldSelect label={isSpanProject ? 'Gold spans field' : 'Gold label field'} value={mapping.labelField ?? ''} fields={preview.fields} onChange={(value) => setField('labelField', value)} />
            <FieldSelect label="External id field" value={mapping.idField ?? ''} fields={preview.fields} onChange={(value) => setField('idField', value)} />
          </div>
          <p className="text-xs text-slate-600">
            {isSpanProject
              ? 'Spans must lie inside the text, on whole characters, and overlap only where the project allows it; offsets count UTF-16 code units (Label Studio, Quorum’s CSV and JSON Lines) or code points (spaCy JSONL). '
              : ''}
            {isSpanProject ? 'Span labels' : 'Gold labels'} must be one of: {labels.join(', ')}. Other fields are kept as metadata. Items already in the project (same id, or same text without an id) are
            skipped.
          </p>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" className="size-4" checked={skipInvalid} onChange={(event) => setSkipInvalid(event.target.checked)} />
            Skip invalid rows (import the valid ones and list the rest) instead of importing nothing
          </label>
          <div className="flex justify-end">
            <button type="button" className="btn-primary" onClick={runImport} disabled={phase.kind === 'importing' || !mapping.textField || (isImageProject && !mapping.imageField)}>
              {phase.kind === 'importing' ? 'Importing…' : 'Import'}
            </button>
          </div>
        </div>
      ) : null}

      {phase.kind === 'importing' ? (
        <div className="space-y-1">
          <progress className="h-2 w-full accent-blue-700" max={1} value={phase.uploaded} aria-label="Import progress" />
          <p className="text-xs text-slate-700" aria-live="polite">
            {Math.round(phase.uploaded * 100)}% sent · {phase.rowsRead.toLocaleString('en')} rows read
          </p>
        </div>
      ) : null}

      {phase.kind === 'done' ? <ImportReport slug={slug} result={phase.result} /> : null}
    </section>
  );
}

function FieldSelect({ label, value, fields, isRequired, onChange }: { label: string; value: string; fields: string[]; isRequired?: boolean; onChange: (value: string) => void }) {
  return (
    <label className="text-sm font-medium text-slate-800">
      {label}
      <select className="input mt-1" value={value} onChange={(event) => onChange(event.target.value)} required={isRequired}>
        {isRequired ? null : <option value="">None</option>}
        {fields.map((field) => (
          <option key={field} value={field}>
            {field}
          </option>
        ))}
      </select>
    </label>
  );
}

function ImportReport({ slug, result }: { slug: string; result: TImportResult }) {
  const isSuccess = result.status === 'succeeded';
  // Every refused row with "skip invalid rows", however many; the reported ones when nothing was imported.
  const downloadHref = result.problems.length > 0 ? `/api/v1/projects/${encodeURIComponent(slug)}/imports/${result.importId}/rejected-rows` : null;
  return (
    <div className="space-y-3" data-testid="import-report">
      <Alert tone={isSuccess ? 'success' : 'error'}>
        {isSuccess
          ? `Imported: ${result.itemsCreated.toLocaleString('en')} new items, ${result.duplicatesSkipped.toLocaleString('en')} duplicates skipped, ${result.annotationsCreated.toLocaleString('en')} annotations (${result.annotationDuplicatesSkipped.toLocaleString('en')} already stored), ${result.rowsRejected.toLocaleString('en')} rows rejected.`
          : `${result.error ?? 'Nothing was imported'}. The project is unchanged.`}
      </Alert>
      {result.problems.length > 0 ? (
        <>
          <DataTable<TImportResult['problems'][number]>
            caption="Problems"
            isFramed
            maxHeight="max-h-64"
            rows={result.problems}
            rowKey={(_, index) => String(index)}
            columns={[
              { header: 'Row', cell: (problem) => (problem.row === 0 ? 'header' : problem.row), className: 'tabular-nums' },
              { header: 'Field', cell: (problem) => problem.field ?? '—' },
              { header: 'Problem', cell: (problem) => problem.reason },
            ]}
          />
          {result.problemCount > result.problems.length ? (
            <p className="text-xs text-slate-600">
              Showing the first {result.problems.length} of {result.problemCount} problems.
            </p>
          ) : null}
          {downloadHref ? (
            <a className="btn-secondary" href={downloadHref} download>
              Download the rejected rows
            </a>
          ) : null}
        </>
      ) : null}
    </div>
  );
}

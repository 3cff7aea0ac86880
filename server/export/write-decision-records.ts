import type { Readable } from 'node:stream';
import { createByteStream } from './byte-stream';
import { formatCsvCell } from './csv-cell';

export const DECISION_EXPORT_FORMATS = ['csv', 'jsonl'] as const;
export type TDecisionExportFormat = (typeof DECISION_EXPORT_FORMATS)[number];

/** One decision with everything on its record, as exported. Nested parts stay nested in JSONL and are JSON cells in CSV. */
export type TDecisionExportRecord = {
  id: string;
  created_at: string;
  status: string;
  route: string;
  route_reason: string;
  audit: boolean;
  label: string | null;
  decided_by: 'model' | 'human' | 'deadline' | null;
  decided_by_name: string | null;
  decided_by_email: string | null;
  outcome_reason: string | null;
  decided_at: string | null;
  deadline: string | null;
  input_hash: string;
  model_version_id: number | null;
  model_hash: string | null;
  predicted_label: string | null;
  probability: number | null;
  probabilities: Record<string, number> | null;
  threshold: number | null;
  /** The approved certificate the case was routed under: α, δ, n, k, the bound, the calibration window, the model hash. */
  certificate: Record<string, unknown> | null;
  policy: Record<string, unknown>;
  required_approvals: number;
  escalation_level: number;
  reviews: { reviewer: string; reviewer_email: string; answer: string; label: string | null; reason: string | null; input_hash: string; suggestion_shown: boolean; escalation_level: number; at: string }[];
  /** The latest delivery's status; null when no webhook was sent. */
  webhook_status: string | null;
  webhooks: { message_id: string; event_type: string; url: string; status: string; attempts: number; last_status_code: number | null; last_error: string | null; delivered_at: string | null }[];
  text: string;
  payload: unknown;
  metadata: Record<string, unknown>;
};

export const DECISION_EXPORT_COLUMNS = [
  'id',
  'created_at',
  'status',
  'route',
  'route_reason',
  'audit',
  'label',
  'decided_by',
  'decided_by_name',
  'decided_by_email',
  'outcome_reason',
  'decided_at',
  'deadline',
  'input_hash',
  'model_version_id',
  'model_hash',
  'predicted_label',
  'probability',
  'probabilities',
  'threshold',
  'certificate',
  'policy',
  'required_approvals',
  'escalation_level',
  'reviews',
  'webhook_status',
  'webhooks',
  'text',
  'payload',
  'metadata',
] as const satisfies readonly (keyof TDecisionExportRecord)[];

/** Cells holding JSON: written as is (their first character is never a formula trigger that matters: `{`, `[`, `"`, a digit or `n`). */
const JSON_COLUMNS = new Set<string>(['probabilities', 'certificate', 'policy', 'reviews', 'webhooks', 'payload', 'metadata']);

function formatCell(column: (typeof DECISION_EXPORT_COLUMNS)[number], record: TDecisionExportRecord): string {
  const value = record[column];
  if (JSON_COLUMNS.has(column)) return value === null || value === undefined ? '' : formatCsvCell(JSON.stringify(value), false);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return formatCsvCell(value as string | number | null, true);
}

async function* writeCsv(pages: AsyncIterable<TDecisionExportRecord[]>): AsyncGenerator<string> {
  yield `${DECISION_EXPORT_COLUMNS.join(',')}\r\n`;
  for await (const page of pages) {
    let rows = '';
    for (const record of page) rows += `${DECISION_EXPORT_COLUMNS.map((column) => formatCell(column, record)).join(',')}\r\n`;
    yield rows;
  }
}

async function* writeJsonl(pages: AsyncIterable<TDecisionExportRecord[]>): AsyncGenerator<string> {
  for await (const page of pages) {
    let lines = '';
    for (const record of page) lines += `${JSON.stringify(record)}\n`;
    yield lines;
  }
}

/** The decision export as bytes: CSV (RFC 4180, CRLF, formulas defused as the item export does) or one JSON object a line. */
export function exportDecisionRecords(pages: AsyncIterable<TDecisionExportRecord[]>, format: TDecisionExportFormat): Readable {
  return createByteStream(format === 'csv' ? writeCsv(pages) : writeJsonl(pages));
}

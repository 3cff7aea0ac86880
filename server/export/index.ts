import type { Readable } from 'node:stream';
import { exportCsv, type TCsvExportOptions } from './write-csv';
import { exportJsonl, formatJsonlLines } from './write-jsonl';
import { exportLabelStudio, type TLabelStudioExportOptions } from './write-label-studio';
import { exportSpacy } from './write-spacy-jsonl';
import type { TExportFormat, TExportSource } from './types';

export { exportCsv, exportJsonl, exportLabelStudio, exportSpacy, formatJsonlLines };
export { toWebStream } from './byte-stream';
export { neutralizeFormula } from './csv-cell';
export * from './types';

export const EXPORT_CONTENT_TYPES: Record<TExportFormat, string> = {
  jsonl: 'application/x-ndjson; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  'label-studio': 'application/json; charset=utf-8',
  spacy: 'application/x-ndjson; charset=utf-8',
};

export function exportItems(items: TExportSource, format: TExportFormat, options: TCsvExportOptions & TLabelStudioExportOptions = {}): Readable {
  if (format === 'csv') return exportCsv(items, options);
  if (format === 'label-studio') return exportLabelStudio(items, options);
  if (format === 'spacy') return exportSpacy(items);
  return exportJsonl(items);
}

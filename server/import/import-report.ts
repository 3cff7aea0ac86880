import type { TImportFormat, TImportProblem } from './types';

/** What an import counts as it goes. */
export type TImportCounters = {
  rowsRead: number;
  itemsCreated: number;
  duplicatesSkipped: number;
  annotationsCreated: number;
  /** Annotations already stored with the same label (or given twice in the file): nothing lost. */
  annotationDuplicatesSkipped: number;
  predictionsCreated: number;
  rowsRejected: number;
  problemCount: number;
};

export function createImportCounters(): TImportCounters {
  return { rowsRead: 0, itemsCreated: 0, duplicatesSkipped: 0, annotationsCreated: 0, annotationDuplicatesSkipped: 0, predictionsCreated: 0, rowsRejected: 0, problemCount: 0 };
}

export type TImportProgress = { rowsRead: number; itemsCreated: number; rowsRejected: number };

/** The report of one import: what the service returns, `POST /api/v1/projects/<slug>/import` answers and the CLI prints. */
export type TImportResult = TImportCounters & {
  importId: number;
  status: 'succeeded' | 'failed';
  format: TImportFormat | null;
  problems: TImportProblem[];
  /** Why nothing was written, when status is failed. */
  error: string | null;
};

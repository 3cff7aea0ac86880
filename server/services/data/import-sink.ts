import type { TImportFormat, TImportProblem, TImportRow, TRejectedRow } from '@/server/import';
import type { TImportCounters } from '@/server/import/import-report';
import type { TPublishedCounts } from './publish-import';

/** What the run records when its rows are published: how the file read. */
export type TImportReading = { format: TImportFormat | null; counters: TImportCounters; problems: TImportProblem[] };

/**
 * Where an import's checked rows go while its file is read, and how they reach the project once the
 * whole file has passed. `write` is awaited before the next batch's: one batch is written while the
 * next is parsed.
 */
export type TImportSink = {
  write: (rows: TImportRow[], rejected: TRejectedRow[]) => Promise<void>;
  /** Every row passed: makes them the project's, records the run as succeeded, and returns what was written. */
  publish: (reading: TImportReading, onBatch: (counts: TPublishedCounts) => void) => Promise<TPublishedCounts>;
  /** Past this point a failure is the publisher's to record: the run is no longer all-or-nothing's to undo. */
  isDecided: () => boolean;
  /** Nothing written reaches the project. */
  discard: () => Promise<void>;
};

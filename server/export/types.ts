import type { TAnnotatorIdentity } from '@/server/import/annotator-identity';
import { isImportSpans, type TImportAnswer, type TImportSpans, type TNamedSpan } from '@/server/import/types';

/**
 * An answer as exports write it: a label's name, a set of names (multi-label; empty: "none of these"),
 * or spans naming their labels (spans projects; offsets in UTF-16 code units, end exclusive).
 */
export type TExportAnswer = TImportAnswer;

/**
 * The annotator by id and e-mail as well as by name: names are not unique, so an import could not tell
 * two apart. `labels`: the names chosen, or in a spans project the spans marked.
 */
export type TExportAnnotation = { annotator: TAnnotatorIdentity; labels: string[] | TImportSpans; createdAt: Date; leadTimeMs: number | null };

/** An answer as a flat field holds it (CSV cells as JSON text, JSON Lines nested): a name, a list of names, or a list of spans. */
export function toFlatAnswer(answer: TExportAnswer | null | undefined): string | string[] | TNamedSpan[] | null {
  if (answer === null || answer === undefined) return null;
  return isImportSpans(answer) ? answer.spans : answer;
}

export type TExportItem = {
  externalId: string | null;
  itemId: string;
  text: string;
  metadata: Record<string, unknown>;
  /** A label's name; a list of names in multi-label projects (empty: "none of these"); spans in spans projects. */
  goldLabel: TExportAnswer | null;
  annotations: TExportAnnotation[];
  finalLabel: TExportAnswer | null;
  finalLabelSource: 'review' | 'consensus' | 'single' | 'gold' | null;
  /** The latest prediction: a label's name, the predicted set of names, or the predicted spans. */
  prediction: { modelVersion: string; label: TExportAnswer; score: number } | null;
  /** Image projects: where the item's image is served (members only) and its content hash; text holds the file name. */
  image?: { url: string; hash: string } | null;
};

/** Image projects' extra columns, after FLAT_EXPORT_COLUMNS (written when the export's items have images). */
export const IMAGE_EXPORT_COLUMNS = ['image_url', 'image_hash'] as const;

/** `spacy`: spaCy / Prodigy-style JSON Lines, offsets in code points (spans projects only). */
export const EXPORT_FORMATS = ['jsonl', 'csv', 'label-studio', 'spacy'] as const;
export type TExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * The flat record both CSV and JSONL write, so one import mapping reads either back. `metadata` and
 * `annotations` are nested values in JSONL and their JSON text in CSV.
 */
export const FLAT_EXPORT_COLUMNS = [
  'id',
  'item_id',
  'text',
  'metadata',
  'gold_label',
  'final_label',
  'final_label_source',
  'annotations',
  'prediction_label',
  'prediction_score',
  'model_version',
] as const;

/**
 * Items one by one, or in pages: a database reader hands over a page at a time so the writers format
 * it in one synchronous pass instead of one await per item.
 */
export type TExportChunk = TExportItem | readonly TExportItem[];
export type TExportSource = AsyncIterable<TExportChunk> | Iterable<TExportChunk>;

export function toItems(chunk: TExportChunk): readonly TExportItem[] {
  return Array.isArray(chunk) ? (chunk as readonly TExportItem[]) : [chunk as TExportItem];
}

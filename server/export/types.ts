import type { TAnnotatorIdentity } from '@/server/import/annotator-identity';

/** The annotator by id and e-mail as well as by name: names are not unique, so an import could not tell two apart. */
export type TExportAnnotation = { annotator: TAnnotatorIdentity; labels: string[]; createdAt: Date; leadTimeMs: number | null };

export type TExportItem = {
  externalId: string | null;
  itemId: string;
  text: string;
  metadata: Record<string, unknown>;
  /** A label's name; a list of names in multi-label projects (empty: "none of these"). */
  goldLabel: string | string[] | null;
  annotations: TExportAnnotation[];
  finalLabel: string | string[] | null;
  finalLabelSource: 'review' | 'consensus' | 'single' | 'gold' | null;
  prediction: { modelVersion: string; label: string; score: number } | null;
  /** Image projects: where the item's image is served (members only) and its content hash; text holds the file name. */
  image?: { url: string; hash: string } | null;
};

/** Image projects' extra columns, after FLAT_EXPORT_COLUMNS (written when the export's items have images). */
export const IMAGE_EXPORT_COLUMNS = ['image_url', 'image_hash'] as const;

export const EXPORT_FORMATS = ['jsonl', 'csv', 'label-studio'] as const;
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

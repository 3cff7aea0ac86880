import type { TNamedSpan } from '@/server/import/types';
import { toFlatAnswer, type TExportItem } from './types';

/** One annotation as CSV and JSON Lines write it: `labels` (names), or in a spans project `spans` (UTF-16 offsets). */
export type TFlatAnnotation = {
  annotator: string;
  annotator_email: string | null;
  annotator_id: string | null;
  labels?: string[];
  spans?: TNamedSpan[];
  created_at: string;
  lead_time_ms: number | null;
};

/** The annotation shape `annotationsField` reads back on import. */
export function toFlatAnnotations(item: TExportItem): TFlatAnnotation[] {
  return item.annotations.map((a) => ({
    annotator: a.annotator.name,
    annotator_email: a.annotator.email,
    annotator_id: a.annotator.id,
    ...(Array.isArray(a.labels) ? { labels: a.labels } : { spans: a.labels.spans }),
    created_at: a.createdAt.toISOString(),
    lead_time_ms: a.leadTimeMs,
  }));
}

/** Keys in FLAT_EXPORT_COLUMNS order. */
export function toFlatRecord(item: TExportItem) {
  return {
    id: item.externalId,
    item_id: item.itemId,
    text: item.text,
    metadata: item.metadata,
    gold_label: toFlatAnswer(item.goldLabel),
    final_label: toFlatAnswer(item.finalLabel),
    final_label_source: item.finalLabelSource,
    annotations: toFlatAnnotations(item),
    prediction_label: toFlatAnswer(item.prediction?.label),
    prediction_score: item.prediction?.score ?? null,
    model_version: item.prediction?.modelVersion ?? null,
    ...(item.image ? { image_url: item.image.url, image_hash: item.image.hash } : {}),
  };
}

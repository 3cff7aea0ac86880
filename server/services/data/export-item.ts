import type { TFinalLabelSource, TStructuredValue } from '@/db/schema';
import type { TExportItem } from '@/server/export';
import { buildImageUrl, nameLabel, nameValue, type TLabelNames } from './export-answer-names';

/** An item's own fields as an export page reads them (either way: rows or one JSON text), values as stored. */
export type TExportItemRow = {
  id: number;
  external_id: string | null;
  text: string;
  metadata: Record<string, unknown> | null;
  gold_label: string | null;
  gold_value: TStructuredValue | null;
  final_label: string | null;
  final_value: TStructuredValue | null;
  final_source: TFinalLabelSource | null;
  media_hash: string | null;
};

export type TExportAnnotationRow = {
  annotator_id: string;
  annotator_email: string;
  annotator_name: string;
  label_id: number | null;
  value: TStructuredValue | null;
  created_at: Date | string;
  lead_time_ms: number | null;
};

export type TExportPredictionRow = { model_version: string; label_id: number | null; value: TStructuredValue | null; score: number | null };

export function toExportAnnotation(row: TExportAnnotationRow, names: TLabelNames): TExportItem['annotations'][number] {
  return {
    annotator: { id: row.annotator_id, email: row.annotator_email, name: row.annotator_name },
    labels: nameValue(row.value, names) ?? [nameLabel(names, Number(row.label_id))],
    createdAt: new Date(row.created_at),
    leadTimeMs: row.lead_time_ms,
  };
}

/** A prediction by label names: a label, a set of labels, or spans; null when its labels name nothing. */
export function toExportPrediction(row: TExportPredictionRow | null, names: TLabelNames): TExportItem['prediction'] {
  if (!row) return null;
  const label = row.label_id !== null ? nameLabel(names, Number(row.label_id)) : nameValue(row.value, names);
  return label === null ? null : { modelVersion: row.model_version, label, score: row.score ?? 0 };
}

export function toExportItem(
  row: TExportItemRow,
  related: { slug: string; annotations: TExportItem['annotations']; prediction: TExportItem['prediction'] },
  names: TLabelNames,
): TExportItem {
  const id = Number(row.id);
  return {
    externalId: row.external_id,
    itemId: String(id),
    text: row.text,
    metadata: row.metadata ?? {},
    goldLabel: nameValue(row.gold_value, names) ?? row.gold_label,
    annotations: related.annotations,
    finalLabel: nameValue(row.final_value, names) ?? row.final_label,
    finalLabelSource: row.final_source,
    prediction: related.prediction,
    ...(row.media_hash ? { image: { url: buildImageUrl(related.slug, id), hash: row.media_hash } } : {}),
  };
}

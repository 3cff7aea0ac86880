import type { TImportFormat, TImportMapping } from './types';

/** The key of Quorum's own spaCy export that carries what spaCy has no place for (Prodigy's convention: "_" keys are the tool's). */
export const SPACY_QUORUM_KEY = '_quorum';
/** Keys of a spaCy line that never land in metadata: the spans (read as an answer or left out) and Quorum's own block. */
export const SPACY_CONSUMED_KEYS = ['spans', SPACY_QUORUM_KEY];

/** The column (Label Studio: `data` key) where Quorum's own export names each image by its SHA-256 (read-image-hash.ts). */
export const IMAGE_HASH_FIELD = 'image_hash';

/** Columns of Label Studio's JSON_MIN export that describe the annotation, not the task. */
export const LABEL_STUDIO_MIN_FIELDS = ['annotator', 'annotation_id', 'created_at', 'updated_at', 'lead_time'];

/** The fields a mapping names, which the file must have and which never land in metadata. */
export function listMappedFields(mapping: TImportMapping, format: TImportFormat): string[] {
  const fields = [
    mapping.textField,
    mapping.labelField,
    mapping.idField,
    mapping.annotationsField,
    mapping.predictionLabelField,
    mapping.predictionScoreField,
    mapping.modelVersionField,
    mapping.metadataField,
    mapping.imageField,
    mapping.finalLabelField,
    mapping.finalLabelSourceField,
    format === 'label-studio-min' ? mapping.fromName : null,
  ];
  return fields.filter((f): f is string => typeof f === 'string');
}

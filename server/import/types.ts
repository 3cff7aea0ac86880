import { z } from 'zod';
import type { TAnnotatorIdentity } from './annotator-identity';

/**
 * `csv`/`tsv`: first line is the header. `jsonl`: one JSON object per line. `json`: an array of flat
 * objects. `label-studio`: Label Studio's JSON task export (fields inside `data`). `label-studio-min`:
 * Label Studio's JSON_MIN export (flat tasks with `annotator`, `lead_time` and one column per control).
 * `spacy`: spaCy / Prodigy-style JSON Lines, `{"text", "spans": [{"start", "end", "label"}]}` with
 * offsets in code points (spans projects; see map-spacy-record.ts).
 */
export const IMPORT_FORMATS = ['csv', 'tsv', 'jsonl', 'json', 'label-studio', 'label-studio-min', 'spacy'] as const;
export const ZImportFormat = z.enum(IMPORT_FORMATS);
export type TImportFormat = z.infer<typeof ZImportFormat>;

const ZFieldName = z.string().min(1).max(200);

/**
 * Which source field becomes what. For `label-studio` every field name is looked up inside `data`.
 * The optional `*Field`s beyond text/label/id exist so Quorum's own CSV/JSONL exports read back
 * without loss; `previewImport` suggests them when it recognises such a file.
 */
export const ZImportMapping = z.object({
  textField: ZFieldName,
  /** Gold label. */
  labelField: ZFieldName.nullish(),
  idField: ZFieldName.nullish(),
  /** JSON array (or its JSON text) of `{annotator, annotator_email?, annotator_id?, labels, created_at?, lead_time_ms?}`. */
  annotationsField: ZFieldName.nullish(),
  predictionLabelField: ZFieldName.nullish(),
  predictionScoreField: ZFieldName.nullish(),
  modelVersionField: ZFieldName.nullish(),
  /** Quorum exports: the final label and how it was decided (`final_label`, `final_label_source`); both or neither. */
  finalLabelField: ZFieldName.nullish(),
  finalLabelSourceField: ZFieldName.nullish(),
  /**
   * Image projects: the field holding each row's image URL (Label Studio: `image`, inside `data`).
   * When textField names the same field, the item's text is the file name at the end of the URL.
   */
  imageField: ZFieldName.nullish(),
  /** A JSON object (or its JSON text) whose keys are spread into `metadata`. */
  metadataField: ZFieldName.nullish(),
  /** Fields dropped instead of landing in `metadata`. */
  ignoreFields: z.array(ZFieldName).max(1000).optional(),
  /**
   * Label Studio: only `choices` results of this control count (null: every choices result).
   * JSON_MIN: the column holding the annotator's choice(s).
   */
  fromName: ZFieldName.nullish(),
});
export type TImportMapping = z.infer<typeof ZImportMapping>;

/**
 * A span as import and export files name it: offsets in UTF-16 code units of the item's text (how
 * JavaScript, Label Studio and stored spans count; spaCy's code points are converted at the file's
 * edge), end exclusive, and the label's name.
 */
export type TNamedSpan = { start: number; end: number; label: string };
/** A spans project's answer: its spans in text order (an empty list is the answer "no spans here"). */
export type TImportSpans = { spans: TNamedSpan[] };
/** An answer as a file gives it: a label's name, a set of names (multi-label), or spans (spans projects). */
export type TImportAnswer = string | string[] | TImportSpans;

/** `labels`: the label names chosen, or in a spans project the spans marked. */
export type TImportAnnotation = { annotator: TAnnotatorIdentity; labels: string[] | TImportSpans; createdAt: Date | null; leadTimeMs: number | null };
export type TImportPrediction = { modelVersion: string | null; labels: string[] | TImportSpans; score: number | null };

/** An item's decided label as an export carries it; only items the import creates take it. */
export type TImportFinalLabel = { label: TImportAnswer; source: 'review' | 'consensus' | 'single' | 'gold' };

/** Whether an answer read from a file is spans (the other forms are label names). */
export function isImportSpans(answer: TImportAnswer | null | undefined): answer is TImportSpans {
  return typeof answer === 'object' && answer !== null && !Array.isArray(answer);
}

export type TImportRow = {
  /** CSV/TSV: data row (1 = the first non-blank row after the header). JSONL: line. JSON arrays: 1-based element index. */
  row: number;
  externalId: string | null;
  /** Verbatim: HTML or formulas stay as they are; rendering and export neutralise them. */
  text: string;
  /** A label's name; in a multi-label import a set of names (empty: "none of these"); in a spans import the gold spans. */
  goldLabel: TImportAnswer | null;
  /** Every unmapped field; null-prototype objects all the way down. */
  metadata: Record<string, unknown>;
  annotations: TImportAnnotation[];
  predictions: TImportPrediction[];
  /** Quorum exports: the label the item ended with (absent in older spooled rows). */
  finalLabel?: TImportFinalLabel | null;
  /** sha256 hex of the normalised text (see `hashContent`); image items: the image's media hash. */
  contentHash: string;
  /** Image projects: where the row's image is (a URL in the file), until it is fetched and stored. */
  imageUrl?: string | null;
  /** The stored image's SHA-256, when the file is a Quorum export (read-image-hash.ts). */
  imageHash?: string | null;
  /** Image projects: the stored image (media_objects.hash). */
  mediaHash?: string | null;
};

/**
 * A row that has a problem is not in `rows`. Problems on the CSV header (row 0) and fatal read errors
 * are about the file rather than one row; `TImportTotals.isComplete` says whether reading stopped early.
 */
export type TImportProblem = {
  /** Data row as the user sees it: 1 is the first record (after the header in CSV/TSV; a JSONL line, a JSON array element); 0 is the header. */
  row: number;
  field: string | null;
  reason: string;
  /**
   * The rejected row as it was read (on its first problem only, and only when it is small enough to
   * hand back), so the rejected rows can be returned as a file to fix and import again.
   */
  record?: unknown;
};

/** Rows larger than this are reported without their content. */
export const MAX_RETURNED_RECORD_CHARS = 64 * 1024;

export type TImportBatch = { rows: TImportRow[]; problems: TImportProblem[] };

export type TImportTotals = {
  format: TImportFormat | null;
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  problems: number;
  /** False when a fatal error (broken JSON structure, unreadable header…) stopped reading early. */
  isComplete: boolean;
};

export const DEFAULT_MAX_TEXT_BYTES = 100 * 1024;
export const DEFAULT_MAX_DEPTH = 32;
export const DEFAULT_BATCH_SIZE = 2_000;

export const ZImportSettings = z.object({
  format: ZImportFormat.optional(),
  fileName: z.string().max(1000).optional(),
  mapping: ZImportMapping,
  /** The project's label names; null accepts any label. */
  labels: z.array(z.string().min(1)).nullable(),
  maxTextBytes: z.number().int().positive().optional(),
  /** Upper bound on one record's size, so a runaway field or an unclosed quote cannot exhaust memory. */
  maxRowBytes: z.number().int().positive().optional(),
  maxDepth: z.number().int().min(2).max(1000).optional(),
  batchSize: z.number().int().min(1).max(100_000).optional(),
  /** A multi-label project: gold, final and predicted labels are sets (see readLabelSet). */
  isMultiLabel: z.boolean().optional(),
  /**
   * A spans project: answers are spans of the row's text, checked against it (inside the text, on
   * grapheme boundaries, overlapping only when `allowOverlap`). Absent: answers are labels.
   */
  spans: z.object({ allowOverlap: z.boolean() }).nullish(),
});
export type TImportSettings = z.infer<typeof ZImportSettings>;

/** Anything a route handler, the CLI or a test might hold the upload as. */
export type TByteSource =
  | AsyncIterable<Uint8Array | string>
  | Iterable<Uint8Array | string>
  | ReadableStream<Uint8Array>
  | Uint8Array
  | string;

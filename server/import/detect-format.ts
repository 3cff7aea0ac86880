import { createDecodeState } from './decode-text';
import { JsonArrayReader } from './read-json-array';
import { createReadResult } from './records';
import { getOwn, isPlainRecord } from './sanitize-json';
import { DEFAULT_MAX_DEPTH, type TImportFormat } from './types';

const EXTENSION_FORMATS: Record<string, TImportFormat> = {
  csv: 'csv',
  tsv: 'tsv',
  tab: 'tsv',
  jsonl: 'jsonl',
  ndjson: 'jsonl',
};

function getExtension(fileName: string | null | undefined): string {
  const match = /\.([a-z0-9]+)$/i.exec(fileName ?? '');
  return match ? match[1]!.toLowerCase() : '';
}

/** First non-whitespace character, skipping a BOM. */
export function getFirstSignificantChar(head: string): string {
  const match = /^\uFEFF?\s*(\S)/.exec(head);
  return match ? match[1]! : '';
}

/**
 * A spaCy / Prodigy-style record: a string `text` and a `spans` list whose entries (if any) have
 * numeric `start` and `end` and a `label`. Only spans projects read them, so only they look for it.
 */
export function isSpacyRecord(value: Record<string, unknown>): boolean {
  const spans = getOwn(value, 'spans');
  if (typeof getOwn(value, 'text') !== 'string' || !Array.isArray(spans)) return false;
  return spans.every((span: unknown) => isPlainRecord(span) && typeof getOwn(span, 'start') === 'number' && typeof getOwn(span, 'end') === 'number' && getOwn(span, 'label') !== undefined);
}

/** Tells a Label Studio task, a JSON_MIN task, a spaCy record (when `isSpans`) and a plain object apart. */
export function classifyJsonRecord(value: unknown, isSpans = false): TImportFormat {
  if (!isPlainRecord(value)) return 'json';
  if (isPlainRecord(getOwn(value, 'data'))) return 'label-studio';
  if (isSpans && isSpacyRecord(value)) return 'spacy';
  if (getOwn(value, 'annotator') !== undefined && (getOwn(value, 'lead_time') !== undefined || getOwn(value, 'annotation_id') !== undefined)) {
    return 'label-studio-min';
  }
  return 'json';
}

function classifyJsonArrayHead(head: string, isSpans: boolean): TImportFormat {
  const parser = new JsonArrayReader({ maxRowBytes: head.length + 1, maxDepth: DEFAULT_MAX_DEPTH, decode: createDecodeState() });
  const out = createReadResult();
  parser.push(head, out);
  const first = out.records[0];
  if (first && first.problem === null) return classifyJsonRecord(first.value, isSpans);
  // The first task is bigger than the sniffed head: fall back to the shape of its opening.
  return /"data"\s*:\s*\{/.test(head) ? 'label-studio' : 'json';
}

/** Label Studio tasks one per line are read like its array export. */
function classifyJsonLinesHead(head: string, isSpans: boolean): TImportFormat {
  const text = head.replace(/^\uFEFF?\s*/, '');
  const end = text.indexOf('\n');
  try {
    const format = classifyJsonRecord(JSON.parse(end === -1 ? text : text.slice(0, end)), isSpans);
    return format === 'json' ? 'jsonl' : format;
  } catch {
    return 'jsonl';
  }
}

function sniffDelimiter(head: string): TImportFormat {
  const firstLine = head.slice(0, Math.max(0, head.indexOf('\n')) || head.length);
  const tabs = firstLine.split('\t').length;
  const commas = firstLine.split(',').length;
  return tabs > commas ? 'tsv' : 'csv';
}

/**
 * An unambiguous extension (.csv, .tsv, .jsonl) wins; otherwise the first bytes decide: "[" is a JSON
 * array (plain, Label Studio or JSON_MIN by its first element), "{" is JSON Lines, anything else is
 * delimited text, comma or tab by the header line. In a spans project (`isSpans`) JSON Lines whose
 * first record is spaCy-shaped ({"text", "spans": [{"start", "end", "label"}]}) are spaCy's, whatever
 * the extension: their offsets count code points, and reading them as another format would shift them.
 */
export function detectFormat(input: { fileName?: string | null; head: string; isSpans?: boolean }): TImportFormat {
  const isSpans = input.isSpans ?? false;
  const byExtension = EXTENSION_FORMATS[getExtension(input.fileName)];
  const first = getFirstSignificantChar(input.head);
  if (byExtension) return isSpans && byExtension === 'jsonl' && first === '{' && classifyJsonLinesHead(input.head, true) === 'spacy' ? 'spacy' : byExtension;
  if (first === '[') return classifyJsonArrayHead(input.head, isSpans);
  if (first === '{') return classifyJsonLinesHead(input.head, isSpans);
  return sniffDelimiter(input.head);
}

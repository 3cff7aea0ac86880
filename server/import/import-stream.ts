import { createDecodeState, decodeText, readByteChunks, type TDecodeState } from './decode-text';
import { detectFormat, getFirstSignificantChar } from './detect-format';
import { createLabelSet } from './label-set';
import { createMapContext, type TMapContext } from './map-context';
import { listMappedFields } from './mapped-fields';
import { mapRecord } from './map-record';
import { CsvReader } from './read-csv';
import { JsonArrayReader } from './read-json-array';
import { JsonLinesReader } from './read-jsonl';
import { createReadResult, type TReadResult, type TRecordParser } from './records';
import {
  DEFAULT_BATCH_SIZE,
  DEFAULT_MAX_DEPTH,
  DEFAULT_MAX_TEXT_BYTES,
  MAX_RETURNED_RECORD_CHARS,
  ZImportSettings,
  type TByteSource,
  type TImportBatch,
  type TImportFormat,
  type TImportMapping,
  type TImportProblem,
  type TImportRow,
  type TImportSettings,
  type TImportTotals,
} from './types';

/** Enough to see the first Label Studio task of a typical export. */
const HEAD_BYTES = 64 * 1024;

export type TImportStream = AsyncIterable<TImportBatch> & {
  /** Live counters; final once iteration has ended. */
  getTotals(): TImportTotals;
};

export type THead = { text: string; chunks: AsyncGenerator<Uint8Array> };

/** Reads the first bytes for format detection and hands back a stream that replays them. */
export async function peekHead(source: TByteSource, size = HEAD_BYTES): Promise<THead> {
  const chunks = readByteChunks(source);
  const head: Uint8Array[] = [];
  let total = 0;
  while (total < size) {
    const next = await chunks.next();
    if (next.done) break;
    head.push(next.value);
    total += next.value.length;
  }
  async function* replay(): AsyncGenerator<Uint8Array> {
    try {
      yield* head;
      yield* chunks;
    } finally {
      // A reader that stops early (a preview) must still release the upload stream.
      await chunks.return(undefined);
    }
  }
  return { text: decodeHead(Buffer.concat(head)), chunks: replay() };
}

function decodeHead(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  return bytes.toString('utf8').replace(/^\uFEFF/, '');
}

export function createRecordParser(
  format: TImportFormat,
  head: string,
  options: { maxRowBytes: number; maxDepth?: number; decode: TDecodeState },
): TRecordParser {
  const { maxRowBytes, decode } = options;
  if (format === 'csv' || format === 'tsv') return new CsvReader({ maxRowBytes, decode, delimiter: format === 'tsv' ? '\t' : ',' });
  // The content decides, not the label: a .json file of one object per line still reads.
  if (getFirstSignificantChar(head) !== '[') return new JsonLinesReader({ maxRowBytes, decode });
  return new JsonArrayReader({ maxRowBytes, decode, maxDepth: options.maxDepth ?? DEFAULT_MAX_DEPTH });
}

/**
 * Attaches the rejected row's content when it can be handed back whole: not too large, and
 * serialisable (hostile nesting that would overflow the stack is reported without it).
 */
function withRecord(problem: TImportProblem, value: unknown): TImportProblem {
  if (value === null || value === undefined) return problem;
  let size: number;
  try {
    size = typeof value === 'string' ? value.length : (JSON.stringify(value)?.length ?? Infinity);
  } catch {
    return problem;
  }
  return size <= MAX_RETURNED_RECORD_CHARS ? { ...problem, record: value } : problem;
}

export function getMaxRowBytes(settings: Pick<TImportSettings, 'maxRowBytes' | 'maxTextBytes'>): number {
  return settings.maxRowBytes ?? (settings.maxTextBytes ?? DEFAULT_MAX_TEXT_BYTES) + 1024 * 1024;
}

/** A mistyped column name would otherwise reject (or silently blank) every row, one problem each. */
function checkHeader(header: string[], mapping: TImportMapping, format: TImportFormat): TImportProblem | null {
  const known = new Set(header);
  const missing = listMappedFields(mapping, format).find((f) => !known.has(f));
  if (missing === undefined) return null;
  const shown = header.slice(0, 30).map((h) => JSON.stringify(h)).join(', ');
  return { row: 0, field: missing, reason: `column "${missing}" is missing from the header; the columns are ${shown}` };
}

/**
 * Streams an upload as batches of validated rows plus the problems that kept other rows out. Pull
 * based: nothing is read ahead of the consumer, so a slow database write bounds memory by itself.
 */
export function readImport(source: TByteSource, rawSettings: TImportSettings): TImportStream {
  const settings = ZImportSettings.parse(rawSettings);
  const totals: TImportTotals = { format: settings.format ?? null, rowsRead: 0, rowsAccepted: 0, rowsRejected: 0, problems: 0, isComplete: false };
  const batchSize = settings.batchSize ?? DEFAULT_BATCH_SIZE;
  let isStarted = false;

  async function* run(): AsyncGenerator<TImportBatch> {
    const head = await peekHead(source);
    const format = settings.format ?? detectFormat({ fileName: settings.fileName, head: head.text, isSpans: Boolean(settings.spans) });
    totals.format = format;
    const decode = createDecodeState();
    const maxDepth = settings.maxDepth ?? DEFAULT_MAX_DEPTH;
    const parser = createRecordParser(format, head.text, { maxRowBytes: getMaxRowBytes(settings), maxDepth, decode });
    const ctx: TMapContext = createMapContext({
      format,
      mapping: settings.mapping,
      labels: settings.labels ? createLabelSet(settings.labels) : null,
      maxTextBytes: settings.maxTextBytes ?? DEFAULT_MAX_TEXT_BYTES,
      maxDepth,
      isMultiLabel: settings.isMultiLabel ?? false,
      spans: settings.spans ?? null,
    });
    let rows: TImportRow[] = [];
    let problems: TImportProblem[] = [];

    const take = (out: TReadResult): boolean => {
      if (out.header) {
        const missing = checkHeader(out.header, settings.mapping, format);
        if (missing) {
          out.problems.push(missing);
          out.isFatal = true;
          out.records.length = 0;
        }
      }
      const firstNew = problems.length;
      for (const record of out.records) {
        totals.rowsRead++;
        const mapped = mapRecord(ctx, record);
        if (Array.isArray(mapped)) {
          totals.rowsRejected++;
          totals.problems += mapped.length;
          const [first, ...rest] = mapped;
          if (first) problems.push(withRecord(first, record.value));
          for (const problem of rest) problems.push(problem);
        } else {
          totals.rowsAccepted++;
          rows.push(mapped);
        }
      }
      // File-level problems go in row order among this chunk's row problems (header first, a
      // truncation after the row it cut).
      if (out.problems.length > 0) {
        totals.problems += out.problems.length;
        const chunkProblems = problems.splice(firstNew).concat(out.problems);
        chunkProblems.sort((a, b) => a.row - b.row);
        for (const problem of chunkProblems) problems.push(problem);
      }
      return !out.isFatal;
    };

    let isOk = true;
    for await (const text of decodeText(head.chunks, decode)) {
      const out = createReadResult();
      parser.push(text, out);
      isOk = take(out);
      while (rows.length >= batchSize || problems.length >= batchSize) {
        yield { rows: rows.slice(0, batchSize), problems: problems.slice(0, batchSize) };
        rows = rows.slice(batchSize);
        problems = problems.slice(batchSize);
      }
      if (!isOk) break;
    }
    if (isOk) {
      const out = createReadResult();
      parser.end(out);
      isOk = take(out);
    }
    while (rows.length > 0 || problems.length > 0) {
      yield { rows: rows.slice(0, batchSize), problems: problems.slice(0, batchSize) };
      rows = rows.slice(batchSize);
      problems = problems.slice(batchSize);
    }
    totals.isComplete = isOk;
  }

  return {
    getTotals: () => ({ ...totals }),
    [Symbol.asyncIterator]() {
      if (isStarted) throw new Error('an import stream can be read once');
      isStarted = true;
      return run();
    },
  };
}

/** Reads a whole import into memory: for tests, the CLI's dry run and small files. */
export async function collectImport(
  source: TByteSource,
  settings: TImportSettings,
): Promise<{ rows: TImportRow[]; problems: TImportProblem[]; totals: TImportTotals }> {
  const stream = readImport(source, settings);
  const rows: TImportRow[] = [];
  const problems: TImportProblem[] = [];
  for await (const batch of stream) {
    rows.push(...batch.rows);
    problems.push(...batch.problems);
  }
  return { rows, problems, totals: stream.getTotals() };
}

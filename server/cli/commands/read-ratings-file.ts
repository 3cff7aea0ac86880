import { createReadStream } from 'node:fs';
import { describeReadError, readCsvRecords, readJsonlObjects, type TLocalDataFormat } from '../local-data-file';
import { describeRatingKind, detectRatingKinds, parseRatingLine, type TRatingKind, type TRatingRecord } from './rating-lines';

/** The ratings of a file, of one kind, plus the line each came from, so errors found later can still name a line. */
export type TRatingsFile = { [K in TRatingKind]: { kind: K; records: TRatingRecord[K][]; lines: number[] } }[TRatingKind];

type TReadOptions = {
  format: TLocalDataFormat;
  /** The kind the user named; without it, the first line tells. */
  kind?: TRatingKind;
  /** Declared labels: any other label is an error at its line. */
  categories?: readonly string[];
  /** Hears the kind as soon as it is known, before the rest of the file is read. */
  onKind?: (kind: TRatingKind) => void;
};

const REQUIRED_COLUMNS = ['item', 'annotator', 'label'] as const;

/**
 * Streams a ratings file: CSV (single labels, columns item,annotator,label) or JSONL of one kind,
 * single-label, multi-label or spans (rating-lines.ts), told from the first line unless `kind`
 * says. Throws an Error whose one-line message names the file and, where there is one, the line.
 */
export async function readRatingsFile(file: string, { format, kind, categories, onKind }: TReadOptions): Promise<TRatingsFile> {
  if (format === 'csv' && kind !== undefined && kind !== 'single') {
    throw new Error(`${file}: ${describeRatingKind(kind)} ratings are read from JSONL, one object per line; CSV holds single labels`);
  }
  const declared = categories ? new Set(categories) : null;
  const checkLabel = (label: string, line: number): void => {
    if (declared && !declared.has(label)) throw new Error(`${file} line ${line}: label "${label}" is not in --categories (${[...declared].join(', ')})`);
  };
  const source = createReadStream(file);
  let result: TRatingsFile;
  try {
    if (format === 'csv') {
      onKind?.('single');
      result = { kind: 'single', records: [], lines: [] };
      const { records, lines } = result;
      await readCsv(file, source, (rating, line) => {
        checkLabel(rating.label, line);
        records.push(rating);
        lines.push(line);
      });
    } else {
      result = await readJsonl(file, source, { kind, checkLabel, onKind });
    }
  } catch (error) {
    throw describeReadError(file, error);
  } finally {
    source.destroy();
  }
  if (result.records.length === 0) throw new Error(`${file}: no ratings after the header`);
  return result;
}

async function readCsv(file: string, source: NodeJS.ReadableStream, accept: (rating: TRatingRecord['single'], line: number) => void): Promise<void> {
  let columns: { item: number; annotator: number; label: number; width: number } | null = null;
  for await (const { record, line } of readCsvRecords(source)) {
    if (!columns) {
      columns = locateColumns(file, record, line);
      continue;
    }
    if (record.length !== columns.width) {
      throw new Error(`${file} line ${line}: expected ${columns.width} fields like the header, got ${record.length}`);
    }
    accept(
      {
        item: requireCell(file, line, 'item', record[columns.item]!),
        annotator: requireCell(file, line, 'annotator', record[columns.annotator]!),
        label: requireCell(file, line, 'label', record[columns.label]!),
      },
      line,
    );
  }
  if (!columns) throw new Error(`${file} line 1: empty file, expected a header line "item,annotator,label"`);
}

function locateColumns(file: string, header: string[], line: number) {
  // Spreadsheets like to capitalise headers; "Item" is still the item column.
  const names = header.map((name) => name.toLowerCase());
  const position = (name: string): number => {
    const at = names.indexOf(name);
    if (at < 0) throw new Error(`${file} line ${line}: missing column "${name}" in header (found: ${header.join(', ')})`);
    return at;
  };
  const [item, annotator, label] = REQUIRED_COLUMNS.map(position) as [number, number, number];
  return { item, annotator, label, width: header.length };
}

function requireCell(file: string, line: number, name: string, value: string): string {
  if (value === '') throw new Error(`${file} line ${line}: empty "${name}"`);
  return value;
}

/**
 * JSONL of one kind. Without `kind`, the first line's key ("label", "labels" or "spans") tells it,
 * and every later line must have that key and no other kind's; a line of another kind is an error
 * at that line rather than a rating silently read the wrong way.
 */
async function readJsonl(
  file: string,
  source: NodeJS.ReadableStream,
  options: { kind?: TRatingKind; checkLabel: (label: string, line: number) => void; onKind?: (kind: TRatingKind) => void },
): Promise<TRatingsFile> {
  const isKindGiven = options.kind !== undefined;
  let result: TRatingsFile | null = isKindGiven ? createRatingsFile(options.kind!) : null;
  if (result) options.onKind?.(result.kind);
  const objects = readJsonlObjects(source, {
    where: ({ line }) => `${file} line ${line}`,
    expected: 'an object like {"item","annotator","label"}, {"item","annotator","labels"} or {"item","annotator","text","spans"}',
  });
  for await (const { fields, line } of objects) {
    const found = detectRatingKinds(fields);
    if (!result) {
      if (found.length !== 1) throw new Error(`${file} line ${line}: ${describeUnknownKind(found)}; pass --kind single, multi-label or spans`);
      result = createRatingsFile(found[0]!);
      options.onKind?.(result.kind);
    }
    const { kind } = result;
    const other = found.find((candidate) => candidate !== kind);
    if (other !== undefined && !found.includes(kind)) {
      throw new Error(`${file} line ${line}: a ${describeRatingKind(other)} line in a file of ${describeRatingKind(kind)} ratings; one file holds one kind`);
    }
    // A line with two kinds' keys is read as the kind the user named, and refused when the first line chose.
    if (other !== undefined && !isKindGiven) throw new Error(`${file} line ${line}: ${describeUnknownKind(found)}; pass --kind single, multi-label or spans`);
    let record: TRatingRecord[TRatingKind];
    try {
      record = parseRatingLine(kind, fields);
    } catch (error) {
      throw new Error(`${file} line ${line}: ${error instanceof Error ? error.message : String(error)}`);
    }
    for (const label of listLabels(record)) options.checkLabel(label, line);
    (result.records as TRatingRecord[TRatingKind][]).push(record);
    result.lines.push(line);
  }
  if (!result) throw new Error(`${file} line 1: empty file, expected one {"item","annotator","label"} (or "labels", or "text" and "spans") object per line`);
  return result;
}

function createRatingsFile(kind: TRatingKind): TRatingsFile {
  return { kind, records: [], lines: [] } as TRatingsFile;
}

function describeUnknownKind(found: TRatingKind[]): string {
  if (found.length === 0) return 'cannot tell the kind of ratings: the line has none of "label", "labels" and "spans"';
  return `cannot tell the kind of ratings: the line could be ${found.map(describeRatingKind).join(' or ')}`;
}

/** Every label a record names, for the --categories check. */
function listLabels(record: TRatingRecord[TRatingKind]): readonly string[] {
  if ('label' in record) return [record.label];
  if ('labels' in record) return record.labels;
  return record.spans.map((span) => span.label);
}

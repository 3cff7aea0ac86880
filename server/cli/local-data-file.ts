import path from 'node:path';
import { createInterface } from 'node:readline';
import { CsvError, parse } from 'csv-parse';

/** The line formats the CLI's analysis commands read from a local file (agreement, threshold). */
export type TLocalDataFormat = 'csv' | 'jsonl';

/** The format a file's extension names; anything else asks for --format rather than guessing. */
export function detectLocalDataFormat(file: string): TLocalDataFormat {
  const extension = path.extname(file).toLowerCase();
  if (extension === '.csv') return 'csv';
  if (extension === '.jsonl' || extension === '.ndjson') return 'jsonl';
  throw new Error(`cannot tell the format of ${file} from its extension; pass --format csv or --format jsonl`);
}

/** A read or parse failure in the words a person acts on: the file, the line, what is wrong. */
export function describeReadError(file: string, error: unknown): Error {
  if (error instanceof CsvError) {
    const line = typeof error.lines === 'number' ? ` line ${error.lines}` : '';
    return new Error(`${file}${line}: malformed CSV: ${error.message}`);
  }
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT') return new Error(`cannot read ${file}: no such file`);
  if (code === 'EISDIR') return new Error(`cannot read ${file}: it is a directory`);
  if (code === 'EACCES') return new Error(`cannot read ${file}: permission denied`);
  if (code !== undefined && error instanceof Error) return new Error(`cannot read ${file}: ${error.message}`);
  return error instanceof Error ? error : new Error(String(error));
}

/** Line breaks inside a CSV record's quoted fields: how far the file's line number moves past the record's. */
export function countEmbeddedLineBreaks(record: string[]): number {
  let breaks = 0;
  for (const field of record) {
    if (field.includes('\n') || field.includes('\r')) breaks += field.match(/\r\n|\r|\n/g)?.length ?? 0;
  }
  return breaks;
}

/**
 * The records of a CSV stream (cells trimmed, a BOM dropped, rows of any width), each with the line
 * it starts on; blank lines are skipped. Lines are counted here rather than with csv-parse's `info`
 * option, which copies a context object per record and triples the parse time: one per record, plus
 * the line breaks inside quoted fields.
 */
export async function* readCsvRecords(source: NodeJS.ReadableStream): AsyncGenerator<{ record: string[]; line: number }> {
  const parser = parse({ bom: true, trim: true, relax_column_count: true });
  // pipe() does not forward errors, and a parser that never ends would hang the caller's loop.
  source.on('error', (error) => parser.destroy(error));
  source.pipe(parser);
  let lastLine = 0;
  for await (const record of parser as AsyncIterable<string[]>) {
    const line = lastLine + 1;
    lastLine = line + countEmbeddedLineBreaks(record);
    // A blank line comes through as a single empty field.
    if (record.length === 1 && record[0] === '') continue;
    yield { record, line };
  }
}

/**
 * The JSON objects of a JSONL stream, one per non-blank line, with the line (1-based) and the row
 * (counting only non-blank lines). A line that is not JSON, or not an object, fails with `where`
 * naming the place and `expected` saying what an object should look like.
 */
export async function* readJsonlObjects(
  source: NodeJS.ReadableStream,
  { where, expected }: { where: (place: { row: number; line: number }) => string; expected: string },
): AsyncGenerator<{ fields: Record<string, unknown>; row: number; line: number }> {
  const reader = createInterface({ input: source, crlfDelay: Infinity });
  // readline does not reject its iterator on a stream error; close it and rethrow after the loop.
  let streamError: unknown = null;
  source.on('error', (error) => {
    streamError = error;
    reader.close();
  });
  let line = 0;
  let row = 0;
  for await (const text of reader) {
    line++;
    if (text.trim() === '') continue;
    row++;
    let value: unknown;
    try {
      // Editors on Windows save UTF-8 with a byte-order mark, which JSON.parse rejects.
      value = JSON.parse(line === 1 ? text.replace(/^\uFEFF/, '') : text);
    } catch (error) {
      throw new Error(`${where({ row, line })}: invalid JSON (${error instanceof Error ? error.message : String(error)})`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${where({ row, line })}: expected ${expected}`);
    yield { fields: value as Record<string, unknown>, row, line };
  }
  if (streamError) throw streamError;
}

import path from 'node:path';
import { CsvError } from 'csv-parse';

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

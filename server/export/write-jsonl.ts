import type { Readable } from 'node:stream';
import { createByteStream } from './byte-stream';
import { toFlatRecord } from './flat-record';
import type { TExportSource } from './types';

async function* writeLines(items: TExportSource): AsyncGenerator<string> {
  for await (const item of items) yield `${JSON.stringify(toFlatRecord(item))}\n`;
}

/** One JSON object per line with the FLAT_EXPORT_COLUMNS keys; `metadata` and `annotations` stay nested. */
export function exportJsonl(items: TExportSource): Readable {
  return createByteStream(writeLines(items));
}

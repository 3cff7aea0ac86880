import type { Readable } from 'node:stream';
import { createByteStream } from './byte-stream';
import { toFlatRecord } from './flat-record';
import { toItems, type TExportSource } from './types';

async function* writeLines(items: TExportSource): AsyncGenerator<string> {
  for await (const chunk of items) {
    let lines = '';
    for (const item of toItems(chunk)) lines += `${JSON.stringify(toFlatRecord(item))}\n`;
    yield lines;
  }
}

/** One JSON object per line with the FLAT_EXPORT_COLUMNS keys; `metadata` and `annotations` stay nested. */
export function exportJsonl(items: TExportSource): Readable {
  return createByteStream(writeLines(items));
}

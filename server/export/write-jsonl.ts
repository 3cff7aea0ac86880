import type { Readable } from 'node:stream';
import { createByteStream } from './byte-stream';
import { toFlatRecord } from './flat-record';
import { toItems, type TExportItem, type TExportSource } from './types';

async function* writeLines(items: TExportSource): AsyncGenerator<string> {
  for await (const chunk of items) yield formatJsonlLines(toItems(chunk));
}

/** Items as JSON Lines, each line ending in a newline. */
export function formatJsonlLines(items: readonly TExportItem[]): string {
  let lines = '';
  for (const item of items) lines += `${JSON.stringify(toFlatRecord(item))}\n`;
  return lines;
}

/** One JSON object per line with the FLAT_EXPORT_COLUMNS keys; `metadata` and `annotations` stay nested. */
export function exportJsonl(items: TExportSource): Readable {
  return createByteStream(writeLines(items));
}

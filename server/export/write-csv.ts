import type { Readable } from 'node:stream';
import { createByteStream } from './byte-stream';
import { formatCsvCell } from './csv-cell';
import { toFlatAnnotations } from './flat-record';
import { FLAT_EXPORT_COLUMNS, IMAGE_EXPORT_COLUMNS, toFlatAnswer, toItems, type TExportItem, type TExportSource } from './types';

export type TCsvExportOptions = {
  /** Prefix formula-like cells with "'" (default true); turn off only for machine consumers. */
  neutralizeFormulas?: boolean;
  /** A UTF-8 BOM makes Excel read non-ASCII text right; pandas then needs encoding="utf-8-sig". */
  bom?: boolean;
};

/*
 * Metadata is one JSON column rather than one column per key: keys differ between rows and the
 * header has to be written before the first row, so flattening would need a second pass over the
 * data. Annotations are a JSON array for the same reason and to keep their times.
 */
async function* writeRows(items: TExportSource, options: TCsvExportOptions): AsyncGenerator<string> {
  const isNeutralized = options.neutralizeFormulas ?? true;
  // The header waits for the first items: an image project's export (its items have images) adds the image columns.
  let hasImages: boolean | null = null;
  for await (const chunk of items) {
    const page = toItems(chunk);
    let rows = '';
    if (hasImages === null && page.length > 0) {
      hasImages = page.some((item) => item.image);
      rows += formatHeader(options, hasImages);
    }
    for (const item of page) rows += formatRow(item, isNeutralized) + (hasImages ? formatImageCells(item) : '') + '\r\n';
    yield rows;
  }
  if (hasImages === null) yield formatHeader(options, false);
}

function formatHeader(options: TCsvExportOptions, hasImages: boolean): string {
  return `${options.bom ? '\uFEFF' : ''}${[...FLAT_EXPORT_COLUMNS, ...(hasImages ? IMAGE_EXPORT_COLUMNS : [])].join(',')}\r\n`;
}

function formatImageCells(item: TExportItem): string {
  return `,${formatCsvCell(item.image?.url, false)},${formatCsvCell(item.image?.hash, false)}`;
}

function formatRow(item: TExportItem, isNeutralized: boolean): string {
  const cells = [
    formatCsvCell(item.externalId, isNeutralized),
    formatCsvCell(item.itemId, isNeutralized),
    formatCsvCell(item.text, isNeutralized),
    formatCsvCell(JSON.stringify(item.metadata), false),
    formatCsvCell(formatLabelCell(toFlatAnswer(item.goldLabel)), isNeutralized),
    formatCsvCell(formatLabelCell(toFlatAnswer(item.finalLabel)), isNeutralized),
    formatCsvCell(item.finalLabelSource, false),
    formatCsvCell(JSON.stringify(toFlatAnnotations(item)), false),
    formatCsvCell(formatLabelCell(toFlatAnswer(item.prediction?.label)), isNeutralized),
    formatCsvCell(item.prediction?.score, false),
    formatCsvCell(item.prediction?.modelVersion, isNeutralized),
  ];
  return cells.join(',');
}

/** A multi-label set or a list of spans is its JSON array, which the importer reads back (a label name is written as it is). */
function formatLabelCell(label: ReturnType<typeof toFlatAnswer>): string | null {
  return Array.isArray(label) ? JSON.stringify(label) : label;
}

/** CSV with the FLAT_EXPORT_COLUMNS header (plus IMAGE_EXPORT_COLUMNS for images), RFC 4180 quoting and CRLF line ends. */
export function exportCsv(items: TExportSource, options: TCsvExportOptions = {}): Readable {
  return createByteStream(writeRows(items, options));
}

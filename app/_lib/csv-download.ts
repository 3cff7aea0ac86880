import { formatCsvCell } from '@/server/export/csv-cell';

export type TCsvValue = string | number | null | undefined;

/**
 * A table as CSV text. Names come from users, so cells a spreadsheet would run as formulas are
 * defused (the same rule as the project export).
 */
export function buildCsv(headers: readonly string[], rows: readonly (readonly TCsvValue[])[]): string {
  const lines = [headers, ...rows].map((row) => row.map((cell) => formatCsvCell(typeof cell === 'number' && !Number.isFinite(cell) ? null : cell, true)).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** Hands the text to the browser as a file download. */
export function downloadText(fileName: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

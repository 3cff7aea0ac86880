const FORMULA_TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r']);
/** A plain number cannot run anything, and "-1" is a common label: leave those alone. */
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * OWASP's CSV-injection advice: a cell a spreadsheet would evaluate as a formula gets a leading
 * apostrophe, which spreadsheets show as text. The data itself keeps the formula; only the export
 * is defused.
 */
export function neutralizeFormula(value: string): string {
  if (value.length === 0 || !FORMULA_TRIGGERS.has(value[0]!)) return value;
  return PLAIN_NUMBER.test(value) ? value : `'${value}`;
}

/** RFC 4180 quoting: fields with a comma, quote or line break are quoted, quotes doubled. */
export function quoteCsvCell(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function formatCsvCell(value: string | number | null | undefined, isNeutralized: boolean): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  return quoteCsvCell(isNeutralized ? neutralizeFormula(value) : value);
}

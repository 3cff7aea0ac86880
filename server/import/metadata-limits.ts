/**
 * Everything a record carries besides its text lands in the item's metadata, which the label and
 * review screens show in full: a 100,000-column row made a nine-second page. Files past these
 * limits are refused with the reason rather than trimmed, so no field is dropped silently.
 */
export const MAX_CSV_COLUMNS = 1_000;
export const MAX_METADATA_KEYS = 1_000;
export const MAX_METADATA_BYTES = 256 * 1024;

export function describeColumnLimit(columns: number): string {
  return `the header has ${columns.toLocaleString('en')} columns; at most ${MAX_CSV_COLUMNS.toLocaleString('en')} are supported (put extra fields in one JSON column)`;
}

/** Why `metadata` is too large to keep, or null. */
export function findMetadataLimitProblem(metadata: Record<string, unknown>): string | null {
  const keys = Object.keys(metadata).length;
  if (keys > MAX_METADATA_KEYS) {
    return `metadata has ${keys.toLocaleString('en')} fields; an item keeps at most ${MAX_METADATA_KEYS.toLocaleString('en')} (drop or ignore the fields you do not need)`;
  }
  const bytes = Buffer.byteLength(JSON.stringify(metadata), 'utf8');
  if (bytes > MAX_METADATA_BYTES) {
    return `metadata is ${bytes.toLocaleString('en')} bytes as JSON; an item keeps at most ${MAX_METADATA_BYTES.toLocaleString('en')}`;
  }
  return null;
}

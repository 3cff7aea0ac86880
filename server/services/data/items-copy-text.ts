import type { TItemColumns } from './item-columns';

const NEEDS_ESCAPE = /[\\\n\r\t]/;
const ESCAPED = /[\\\n\r\t]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };
const NULL = '\\N';

/** A value as COPY's text format reads it: backslash, newline, carriage return and tab escaped. */
export function escapeCopyText(value: string): string {
  return NEEDS_ESCAPE.test(value) ? value.replace(ESCAPED, (char) => ESCAPES[char] ?? char) : value;
}

function copyTextOrNull(value: string | null): string {
  return value === null ? NULL : escapeCopyText(value);
}

/**
 * Items rows in COPY's text format (project_id, then `ITEM_COLUMN_NAMES`), appended batch after
 * batch into one growing buffer, three writes a row: as per-row strings joined, a million rows spent
 * more time in the garbage collector than PostgreSQL spent storing them. Cleared and refilled, the
 * buffer is allocated once for a whole import.
 */
export function createItemsCopyEncoder(initialBytes = 1 << 16) {
  let buffer = Buffer.allocUnsafe(initialBytes);
  let at = 0;
  const put = (text: string) => {
    // A UTF-16 unit is at most 3 UTF-8 bytes.
    if (at + text.length * 3 > buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(buffer.length * 2, at + text.length * 3));
      buffer.copy(grown, 0, 0, at);
      buffer = grown;
    }
    at += buffer.write(text, at);
  };
  return {
    append(projectId: number, columns: TItemColumns): void {
      const prefix = `${projectId}\t`;
      for (let index = 0; index < columns.texts.length; index++) {
        put(`${prefix}${copyTextOrNull(columns.externalIds[index] ?? null)}\t${columns.contentHashes[index]}\t`);
        put(escapeCopyText(columns.texts[index] ?? ''));
        put(
          `\t${copyTextOrNull(columns.mediaHashes[index] ?? null)}\t${escapeCopyText(columns.metadata[index] ?? '{}')}\t${columns.goldLabelIds[index] ?? NULL}\t` +
            `${copyTextOrNull(columns.goldValues[index] ?? null)}\t${columns.priorities[index]}\t${columns.evalFlags[index] ? 't' : 'f'}\t${columns.goldCheckFlags[index] ? 't' : 'f'}\n`,
        );
      }
    },
    /** What was appended since the last clear: a view of the buffer, valid until the next append. */
    bytes: (): Buffer => buffer.subarray(0, at),
    clear(): void {
      at = 0;
    },
  };
}

/** One batch of items rows in COPY's text format, in a buffer of its own. */
export function encodeItemsCopy(projectId: number, columns: TItemColumns): Buffer {
  const encoder = createItemsCopyEncoder(Math.max(1 << 16, columns.texts.length * 512));
  encoder.append(projectId, columns);
  return encoder.bytes();
}

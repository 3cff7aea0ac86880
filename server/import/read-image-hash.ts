import { addProblem, describeType, type TMapContext } from './map-context';
import { IMAGE_HASH_FIELD } from './mapped-fields';

/**
 * An image row's stored-image hash, when the file is a Quorum export: the import may then reuse the
 * stored image instead of fetching its URL, which points at Quorum itself and needs a login. Absent
 * is fine (any other file); a present value must be a SHA-256 in hex.
 */
export function readImageHash(ctx: TMapContext, row: number, raw: unknown): string | null {
  if (raw === undefined || raw === null || raw === '') return null;
  if (typeof raw !== 'string') {
    addProblem(ctx, row, IMAGE_HASH_FIELD, `wrong type: the image hash must be a string, got ${describeType(raw)}`);
    return null;
  }
  const value = raw.trim().toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(value)) {
    addProblem(ctx, row, IMAGE_HASH_FIELD, 'the image hash must be 64 hexadecimal characters (a SHA-256, as Quorum exports it)');
    return null;
  }
  return value;
}

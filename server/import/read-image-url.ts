import { addProblem, describeType, type TMapContext } from './map-context';

export const MAX_IMAGE_URL_CHARS = 2048;

/**
 * An image project's row: its image's absolute http(s) URL (fetched later, by the import, under the
 * server's rules). A row that names its stored image (`hasImageHash`, Quorum's own export) may carry
 * Quorum's relative image route instead: the import takes the image from the store, not the URL.
 */
export function readImageUrl(ctx: TMapContext, row: number, field: string, raw: unknown, { hasImageHash = false }: { hasImageHash?: boolean } = {}): string | null {
  if (typeof raw !== 'string' || raw.trim() === '') {
    addProblem(ctx, row, field, raw === undefined || raw === null || raw === '' ? `the image URL is missing (no value in "${field}")` : `wrong type: the image URL must be a string, got ${describeType(raw)}`);
    return null;
  }
  const value = raw.trim();
  if (value.length > MAX_IMAGE_URL_CHARS) {
    addProblem(ctx, row, field, `the image URL is longer than ${MAX_IMAGE_URL_CHARS} characters`);
    return null;
  }
  if (!/^https?:\/\//i.test(value) && !(hasImageHash && value.startsWith('/'))) {
    addProblem(ctx, row, field, 'the image URL must start with http:// or https:// (local files are uploaded with `quorum import-images`)');
    return null;
  }
  return value;
}

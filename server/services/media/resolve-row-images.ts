import type { Database } from '@/db/client';
import type { TImportProblem, TImportRow } from '@/server/import';
import { fetchImageUrl, IMAGE_FETCH_TIMEOUT_MS } from './fetch-image-url';
import type { TMediaContext } from './media-context';
import { ImageRejectedError } from './normalize-image';
import { storeImage } from './store-image';

/** Downloads at once per import: enough to hide a slow host's latency, few enough to be polite to it. */
const FETCH_CONCURRENCY = 4;

/**
 * The images of an image project's import rows: each row's URL is fetched under the server's rules
 * (fetchImageUrl), checked and stored (storeImage), and the row then points at the stored image,
 * which also becomes its content hash (the same image twice is one item). A row whose image cannot be
 * had is a problem of that row, like any other, with the reason.
 */
export async function resolveRowImages(db: Database, media: TMediaContext, rows: TImportRow[]): Promise<{ rows: TImportRow[]; problems: TImportProblem[] }> {
  const problems: TImportProblem[] = [];
  const resolved: (TImportRow | null)[] = new Array<TImportRow | null>(rows.length).fill(null);
  let next = 0;
  const policy = { hosts: media.urlHosts, allowPrivateAddresses: media.allowPrivateAddresses, maxBytes: media.limits.maxBytes, timeoutMs: IMAGE_FETCH_TIMEOUT_MS };
  const work = async () => {
    while (next < rows.length) {
      const index = next++;
      const row = rows[index]!;
      if (!row.imageUrl) {
        problems.push({ row: row.row, field: null, reason: 'the row has no image URL' });
        continue;
      }
      try {
        const image = await storeImage(db, media, await fetchImageUrl(row.imageUrl, policy));
        const text = row.text === row.imageUrl ? fileNameOfUrl(row.imageUrl) : row.text;
        resolved[index] = { ...row, text, contentHash: image.hash, mediaHash: image.hash };
      } catch (error) {
        if (!(error instanceof ImageRejectedError)) throw error;
        problems.push({ row: row.row, field: 'image', reason: `image ${shorten(row.imageUrl)}: ${error.message}` });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(FETCH_CONCURRENCY, rows.length) }, work));
  problems.sort((a, b) => a.row - b.row);
  return { rows: resolved.filter((row): row is TImportRow => row !== null), problems };
}

/** The last path segment, decoded: what a person would call the image. */
export function fileNameOfUrl(url: string): string {
  try {
    const segment = new URL(url).pathname.split('/').filter(Boolean).pop() ?? '';
    return decodeURIComponent(segment).slice(0, 255) || new URL(url).hostname;
  } catch {
    return url.slice(0, 255);
  }
}

function shorten(url: string): string {
  return url.length > 120 ? `${url.slice(0, 117)}…` : url;
}

import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { isAdmin, type TActor } from '@/server/auth/actor';
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
 * which also becomes its content hash (the same image twice is one item). A row of Quorum's own
 * export whose `image_hash` names an image the importer may already see is not fetched: its URL
 * points back at Quorum, behind a login. A row whose image cannot be had is a problem of that row,
 * like any other, with the reason.
 */
export async function resolveRowImages(
  db: Database,
  media: TMediaContext,
  actor: TActor | null,
  rows: TImportRow[],
): Promise<{ rows: TImportRow[]; problems: TImportProblem[] }> {
  const problems: TImportProblem[] = [];
  const resolved: (TImportRow | null)[] = new Array<TImportRow | null>(rows.length).fill(null);
  const reusable = await findReusableImages(db, media, actor, rows.map((row) => row.imageHash).filter((hash): hash is string => Boolean(hash)));
  let next = 0;
  const policy = { hosts: media.urlHosts, allowPrivateAddresses: media.allowPrivateAddresses, maxBytes: media.limits.maxBytes, timeoutMs: IMAGE_FETCH_TIMEOUT_MS };
  const work = async () => {
    while (next < rows.length) {
      const index = next++;
      const row = rows[index]!;
      if (row.imageHash && reusable.has(row.imageHash)) {
        const text = row.imageUrl && row.text === row.imageUrl ? fileNameOfUrl(row.imageUrl) : row.text;
        resolved[index] = { ...row, text, contentHash: row.imageHash, mediaHash: row.imageHash };
        continue;
      }
      if (!row.imageUrl) {
        problems.push({ row: row.row, field: null, reason: 'the row has no image URL' });
        continue;
      }
      if (row.imageHash && !/^https?:\/\//i.test(row.imageUrl)) {
        problems.push({ row: row.row, field: 'image', reason: `image ${row.imageHash.slice(0, 12)}… of a Quorum export is not stored here, or is in no project of yours; its URL ${shorten(row.imageUrl)} cannot be fetched (upload the image file instead)` });
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

/**
 * Of `hashes`, the images stored in this store that the importer could already open: an image of
 * a project they are a member of (any, for an admin's session or the CLI's local operator; the
 * token's own project, for an API token). Knowing a
 * hash from someone else's export must not hand over the image itself.
 */
async function findReusableImages(db: Database, media: TMediaContext, actor: TActor | null, hashes: string[]): Promise<Set<string>> {
  if (hashes.length === 0) return new Set();
  const list = sql.join([...new Set(hashes)].map((hash) => sql`${hash}`), sql`, `);
  // An API token opens its own project only, whoever holds it.
  const tokenProjectId = actor?.via === 'token' ? actor.tokenProjectId : null;
  const canSeeAll = actor === null || (actor.via === 'session' && isAdmin(actor));
  const result = await db.execute<{ hash: string }>(sql`
    select m.hash from media_objects m
    where m.hash in (${list}) and m.storage = ${media.store.kind}
      and (${canSeeAll} or exists (
        select 1 from items i join project_members pm on pm.project_id = i.project_id
        where i.media_hash = m.hash and pm.user_id = ${actor?.userId ?? null}
          and (${tokenProjectId}::int is null or i.project_id = ${tokenProjectId})))`);
  return new Set(result.rows.map((row) => row.hash));
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

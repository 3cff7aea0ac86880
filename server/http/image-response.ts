import type { TItemImage } from '@/server/services/media/read-item-image';

const EXTENSIONS: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' };

/**
 * The headers every served image carries. The bytes were decoded and re-encoded at upload, and on top:
 * nosniff (the declared type is the only one a browser may use), a sandboxing CSP (opened directly,
 * nothing in it may run or load), an inline disposition with a name made only of safe characters, and
 * caching for good (the ETag is the content hash: an item's image never changes). Private: only
 * members may see it, so no shared cache keeps it.
 */
export function buildImageHeaders(image: Pick<TItemImage, 'contentType' | 'hash' | 'fileName'>, size: string): Headers {
  return new Headers({
    'content-type': image.contentType,
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'; sandbox",
    'content-disposition': `inline; filename="${buildSafeFileName(image.fileName, image.contentType)}"`,
    'cache-control': 'private, max-age=31536000, immutable',
    etag: buildImageEtag(image.hash, size),
    'cross-origin-resource-policy': 'same-origin',
  });
}

export function buildImageEtag(hash: string, size: string): string {
  return `"${hash}-${size}"`;
}

/** ASCII letters, digits, dot, dash and underscore only, with the extension of what is served. */
export function buildSafeFileName(fileName: string, contentType: string): string {
  const base = fileName.replace(/\.[A-Za-z0-9]{1,5}$/, '').replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '').slice(0, 80) || 'image';
  return `${base}.${EXTENSIONS[contentType] ?? 'img'}`;
}

/** True when the client already holds this exact response (If-None-Match lists its ETag). */
export function isNotModified(request: Request, etag: string): boolean {
  const header = request.headers.get('if-none-match');
  if (!header) return false;
  return header.split(',').some((entry) => entry.trim().replace(/^W\//, '') === etag || entry.trim() === '*');
}

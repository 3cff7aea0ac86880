import sharp, { type Metadata } from 'sharp';

export type TImageLimits = {
  /** Largest encoded file accepted, in bytes. */
  maxBytes: number;
  /** Largest decoded image accepted, in pixels (width × height). */
  maxPixels: number;
};

/** What is stored: a re-encoded copy in one of the formats every browser shows. */
export type TNormalizedImage = { bytes: Buffer; contentType: 'image/jpeg' | 'image/png' | 'image/webp'; width: number; height: number };

/** An image refused with a message its uploader can act on (never the decoder's internals). */
export class ImageRejectedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImageRejectedError';
  }
}

/** sharp's format names for what is accepted. AVIF and HEIC arrive as 'heif'; GIFs keep their first frame. */
const ACCEPTED_FORMATS = new Set(['jpeg', 'png', 'webp', 'gif', 'heif', 'tiff']);
const ACCEPTED_LIST = 'JPEG, PNG, WebP, GIF, AVIF or TIFF';

/**
 * Decodes an untrusted file and re-encodes it: only decoded pixels survive, so metadata (EXIF with GPS
 * positions, XMP, comments) is gone, a polyglot (a JPEG that is also an HTML page or a script) loses
 * its second life, and the stored bytes are always a format the decoder fully understood. JPEG stays
 * JPEG (quality 90) and PNG stays PNG (lossless); WebP stays WebP; GIF, TIFF and AVIF become PNG.
 * The EXIF orientation is applied first, so the image shows upright once its metadata is gone. SVG is
 * refused: it is a document that can carry scripts, not pixels.
 */
export async function normalizeImage(input: Uint8Array, limits: TImageLimits): Promise<TNormalizedImage> {
  if (input.byteLength === 0) throw new ImageRejectedError('The file is empty');
  if (input.byteLength > limits.maxBytes) throw new ImageRejectedError(`The image is larger than the limit of ${formatMegabytes(limits.maxBytes)}`);
  if (looksLikeSvg(input)) throw new ImageRejectedError('SVG images are not accepted (they can carry scripts); convert it to PNG first');
  const options = { limitInputPixels: limits.maxPixels, failOn: 'error' as const, pages: 1, page: 0 };
  let metadata: Metadata;
  try {
    // The header alone: the size is checked below, before any pixel is decoded.
    metadata = await sharp(input, { ...options, limitInputPixels: false }).metadata();
  } catch {
    throw new ImageRejectedError(`Not an image that can be read: send ${ACCEPTED_LIST}`);
  }
  const format = metadata.format ?? '';
  if (format === 'svg') throw new ImageRejectedError('SVG images are not accepted (they can carry scripts); convert it to PNG first');
  if (!ACCEPTED_FORMATS.has(format)) throw new ImageRejectedError(`The ${format || 'unknown'} format is not accepted: send ${ACCEPTED_LIST}`);
  const width = metadata.width ?? 0;
  const height = metadata.height ?? 0;
  if (width * height > limits.maxPixels) {
    throw new ImageRejectedError(`The image is ${width}×${height} pixels, over the limit of ${(limits.maxPixels / 1e6).toFixed(0)} megapixels`);
  }
  try {
    const pipeline = sharp(input, options).rotate();
    const { data, info } =
      format === 'jpeg'
        ? await pipeline.jpeg({ quality: 90, mozjpeg: true }).toBuffer({ resolveWithObject: true })
        : format === 'webp'
          ? await pipeline.webp({ quality: 90 }).toBuffer({ resolveWithObject: true })
          : await pipeline.png({ compressionLevel: 9 }).toBuffer({ resolveWithObject: true });
    const contentType = format === 'jpeg' ? 'image/jpeg' : format === 'webp' ? 'image/webp' : 'image/png';
    return { bytes: data, contentType, width: info.width, height: info.height };
  } catch {
    throw new ImageRejectedError(`The image is damaged or truncated: send a complete ${ACCEPTED_LIST} file`);
  }
}

/** An SVG is XML text; sharp would rasterise it (running no script, but fetching nothing is simpler to promise). */
function looksLikeSvg(input: Uint8Array): boolean {
  const head = Buffer.from(input.subarray(0, 1024)).toString('utf8').replace(/^\uFEFF/, '').trimStart().toLowerCase();
  return head.startsWith('<svg') || ((head.startsWith('<?xml') || head.startsWith('<!doctype svg')) && head.includes('<svg'));
}

function formatMegabytes(bytes: number): string {
  const megabytes = bytes / (1024 * 1024);
  return megabytes >= 1 ? `${Number.isInteger(megabytes) ? megabytes : megabytes.toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

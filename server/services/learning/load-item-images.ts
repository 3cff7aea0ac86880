import sharp from 'sharp';
import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { chooseImageInput, type ImageInputConfig, type ImageSample } from '@/ml/images/image-input';
import { getImageSize, type ImageSet } from '@/ml/images/image-set';
import { getMediaContext } from '@/server/services/media/media-context';
import type { TMediaStore } from '@/server/services/media/media-store';

/** Images decoded at once: libvips runs each on its own thread, more only queue. */
const DECODE_CONCURRENCY = 4;
/** Decoded images a job keeps for reuse (training, then rescoring the pool): 64 MB of bytes. */
export const IMAGE_CACHE_BYTES = 64 * 2 ** 20;
/** Images whose header the input-size choice reads. */
const INPUT_SAMPLE = 64;

/**
 * The store a job reads images from: the instance's (the S3 bucket when one is configured, else the
 * media folder), as the app servers that stored them use it, unless a caller (a test) passes its own.
 */
export function openMediaStore(store?: TMediaStore): TMediaStore {
  return store ?? getMediaContext().store;
}

export type TImageLoader = {
  readonly input: ImageInputConfig;
  /** The images of `hashes`, in order, brought to the input size; a missing or undecodable image fails the call. */
  load(hashes: readonly (string | null)[]): Promise<ImageSet>;
};

/**
 * Decodes a job's images with sharp to the version's input (ImageInputConfig): resized ignoring
 * the aspect ratio, alpha dropped, grey or sRGB, raw bytes. Each image is decoded once per job:
 * decoded bytes are kept (up to `cacheBytes`, the first ones decoded) for the next call, so the
 * labeled images the training decoded are not decoded again when the pool is rescored, while
 * memory stays bounded whatever the pool size. Nothing outlives the job.
 */
export function createImageLoader(store: TMediaStore, input: ImageInputConfig, { cacheBytes = IMAGE_CACHE_BYTES }: { cacheBytes?: number } = {}): TImageLoader {
  const size = getImageSize(input);
  const cache = new Map<string, Uint8Array>();
  let cached = 0;
  const decode = async (hash: string): Promise<Uint8Array> => {
    const hit = cache.get(hash);
    if (hit) return hit;
    const pixels = await decodeImage(await store.get(hash), input);
    if (cached + size <= cacheBytes) {
      cache.set(hash, pixels);
      cached += size;
    }
    return pixels;
  };
  return {
    input,
    async load(hashes) {
      const pixels = new Uint8Array(hashes.length * size);
      let next = 0;
      const work = async () => {
        for (let i = next++; i < hashes.length; i = next++) {
          const hash = hashes[i];
          if (!hash) throw new Error('an item of this image project has no image');
          pixels.set(await decode(hash), i * size);
        }
      };
      await Promise.all(Array.from({ length: Math.min(DECODE_CONCURRENCY, hashes.length) }, work));
      return { pixels, count: hashes.length, height: input.height, width: input.width, channels: input.channels };
    },
  };
}

export async function decodeImage(bytes: Buffer, input: ImageInputConfig): Promise<Uint8Array> {
  let pipeline = sharp(bytes).resize(input.width, input.height, { fit: input.resize }).removeAlpha();
  pipeline = input.channels === 1 ? pipeline.greyscale() : pipeline.toColourspace('srgb');
  const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  if (info.channels !== input.channels || data.length !== getImageSize(input)) throw new Error(`decoded ${info.width}×${info.height}×${info.channels}, expected ${input.width}×${input.height}×${input.channels}`);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/**
 * The input size of a project's next version, from a spread sample of its images: their stored
 * sizes (media_objects) and their channels (read from the file headers, not decoded).
 */
export async function chooseProjectImageInput(db: Database, store: TMediaStore, projectId: number): Promise<ImageInputConfig> {
  const result = await db.execute<{ hash: string; width: number; height: number }>(sql`
    select m.hash, m.width, m.height from items i join media_objects m on m.hash = i.media_hash
    where i.project_id = ${projectId}
    order by (i.id * 2654435761) % 4294967296 limit ${INPUT_SAMPLE}`);
  if (result.rows.length === 0) throw new Error('this image project has no images yet');
  const samples: ImageSample[] = await Promise.all(
    result.rows.map(async (row) => {
      const metadata = await sharp(await store.get(row.hash)).metadata();
      return { width: Number(row.width), height: Number(row.height), channels: metadata.channels ?? 3 };
    }),
  );
  return chooseImageInput(samples);
}

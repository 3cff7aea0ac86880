import path from 'node:path';
import { getEnv, resolveMediaDir, type TEnv } from '@/server/env';
import { createFolderMediaStore, type TMediaStore } from './media-store';
import type { TImageLimits } from './normalize-image';
import { createS3MediaStore } from './s3-media-store';
import { parseHostAllowList, type THostAllowList } from './host-allow-list';

/** Everything image handling needs from the instance's configuration. */
export type TMediaContext = {
  store: TMediaStore;
  limits: TImageLimits;
  /** Thumbnails are derived data: always on local disk, rebuilt from the store when missing. */
  thumbnailDir: string;
  /** Hosts image URLs may be fetched from; empty: URL imports are off. */
  urlHosts: THostAllowList;
  allowPrivateAddresses: boolean;
};

type TMediaGlobal = typeof globalThis & { __quorumMedia?: TMediaContext };

/** The process's media context, built from the environment on first use (tests install their own). */
export function getMediaContext(): TMediaContext {
  const store = globalThis as TMediaGlobal;
  store.__quorumMedia ??= createMediaContext(getEnv());
  return store.__quorumMedia;
}

/** Makes getMediaContext() return `context` (tests); returns the undo. */
export function installMediaContext(context: TMediaContext): () => void {
  const store = globalThis as TMediaGlobal;
  const previous = store.__quorumMedia;
  store.__quorumMedia = context;
  return () => {
    store.__quorumMedia = previous;
  };
}

export function createMediaContext(env: TEnv): TMediaContext {
  const mediaDir = resolveMediaDir(env);
  const store = env.QUORUM_MEDIA_S3_BUCKET
    ? createS3MediaStore({
        bucket: env.QUORUM_MEDIA_S3_BUCKET,
        endpoint: env.QUORUM_MEDIA_S3_ENDPOINT,
        region: env.QUORUM_MEDIA_S3_REGION,
        accessKeyId: env.QUORUM_MEDIA_S3_ACCESS_KEY_ID,
        secretAccessKey: env.QUORUM_MEDIA_S3_SECRET_ACCESS_KEY,
        prefix: env.QUORUM_MEDIA_S3_PREFIX,
        forcePathStyle: env.QUORUM_MEDIA_S3_FORCE_PATH_STYLE,
      })
    : createFolderMediaStore(mediaDir);
  return {
    store,
    limits: { maxBytes: env.QUORUM_MEDIA_MAX_BYTES, maxPixels: env.QUORUM_MEDIA_MAX_PIXELS },
    thumbnailDir: path.join(mediaDir, 'thumbnails'),
    urlHosts: parseHostAllowList(env.QUORUM_MEDIA_URL_HOSTS),
    allowPrivateAddresses: env.QUORUM_MEDIA_URL_ALLOW_PRIVATE,
  };
}

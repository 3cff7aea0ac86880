import type { S3Client } from '@aws-sdk/client-s3';
import { assertMediaHash, type TMediaStore } from './media-store';

export type TS3MediaStoreOptions = {
  bucket: string;
  /** Any S3-compatible service (MinIO, Ceph, R2, …); unset: AWS itself. */
  endpoint?: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Key prefix inside the bucket ("media/"). */
  prefix: string;
  forcePathStyle: boolean;
};

/**
 * The same content-addressed store in an S3-compatible bucket, keys `<prefix>ab/abcdef…`. An object
 * is immutable once written (its key is the hash of its bytes), so a put first asks whether it is
 * there and a second writer of the same bytes writes the same object.
 */
export function createS3MediaStore(options: TS3MediaStoreOptions): TMediaStore {
  // The SDK is loaded on first use: an instance storing images in a folder never loads it.
  let loaded: Promise<{ sdk: typeof import('@aws-sdk/client-s3'); client: S3Client }> | null = null;
  const load = () =>
    (loaded ??= import('@aws-sdk/client-s3').then((sdk) => ({
      sdk,
      client: new sdk.S3Client({
        region: options.region,
        endpoint: options.endpoint,
        forcePathStyle: options.forcePathStyle,
        credentials: options.accessKeyId && options.secretAccessKey ? { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey } : undefined,
      }),
    })));
  const keyOf = (hash: string) => {
    assertMediaHash(hash);
    return `${options.prefix}${hash.slice(0, 2)}/${hash}`;
  };
  return {
    kind: 's3',
    async put(hash, bytes) {
      const Key = keyOf(hash);
      const { sdk, client } = await load();
      const { HeadObjectCommand, NotFound, PutObjectCommand } = sdk;
      try {
        await client.send(new HeadObjectCommand({ Bucket: options.bucket, Key }));
        return;
      } catch (error) {
        if (!(error instanceof NotFound) && (error as { name?: string }).name !== 'NotFound') throw error;
      }
      await client.send(new PutObjectCommand({ Bucket: options.bucket, Key, Body: bytes, ContentLength: bytes.byteLength }));
    },
    async get(hash) {
      const Key = keyOf(hash);
      const { sdk, client } = await load();
      const { GetObjectCommand, NoSuchKey } = sdk;
      try {
        const object = await client.send(new GetObjectCommand({ Bucket: options.bucket, Key }));
        if (!object.Body) throw new Error(`media ${hash} has no body`);
        return Buffer.from(await object.Body.transformToByteArray());
      } catch (error) {
        if (error instanceof NoSuchKey) throw new Error(`media ${hash} is not stored`, { cause: error });
        throw error;
      }
    },
  };
}

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3MediaStore } from './s3-media-store';

// s3rver answers the S3 REST API (signature V4, path-style) on a local port, storing objects in a
// folder: the store is tested through the real AWS SDK over HTTP, without a cloud account.
describe('S3 media store', () => {
  let server: S3rver;
  let endpoint: string;
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'quorum-s3-'));

  beforeAll(async () => {
    server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: folder, configureBuckets: [{ name: 'quorum-media', configs: [] }] });
    const address = (await server.run()) as AddressInfo;
    endpoint = `http://127.0.0.1:${address.port}`;
  });
  afterAll(async () => {
    await server.close();
  });

  const createStore = () =>
    createS3MediaStore({ bucket: 'quorum-media', endpoint, region: 'us-east-1', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', prefix: 'media/', forcePathStyle: true });

  it('stores bytes under their hash once and reads them back', async () => {
    const store = createStore();
    const bytes = Buffer.from([0, 1, 2, 3, 255, 254]);
    const hash = createHash('sha256').update(bytes).digest('hex');
    await store.put(hash, bytes);
    await store.put(hash, bytes);
    expect((await store.get(hash)).equals(bytes)).toBe(true);
    expect(store.kind).toBe('s3');
  });

  it('fails to read a hash that is not stored, and refuses a name that is not a hash', async () => {
    const store = createStore();
    await expect(store.get('a'.repeat(64))).rejects.toThrow(/not stored/);
    await expect(store.get('../secret')).rejects.toThrow('not a media hash');
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { TActor } from '@/server/auth/actor';
import type { TMediaContext } from '@/server/services/media/media-context';
export { installMediaContext } from '@/server/services/media/media-context';
import { createFolderMediaStore } from '@/server/services/media/media-store';
import { parseHostAllowList } from '@/server/services/media/host-allow-list';
import { createProject } from '@/server/services/projects/projects';
import { buildDefaultLabels } from '@/server/services/projects/label-set';
import type { TTestHarness } from './harness';

/** A small image whose pixels depend on `seed`, so different seeds are different images. */
export async function makeTestImage(seed: number, options: { width?: number; height?: number; format?: 'png' | 'jpeg' | 'webp' | 'gif' | 'tiff' | 'avif' } = {}): Promise<Buffer> {
  const width = options.width ?? 16;
  const height = options.height ?? 12;
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 31 + seed * 97) % 256;
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .toFormat(options.format ?? 'png')
    .toBuffer();
}

/** A media context on a fresh temporary folder, with the default limits and no URL hosts. */
export function createTestMediaContext(overrides: Partial<TMediaContext> = {}): TMediaContext {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'quorum-media-'));
  return {
    store: createFolderMediaStore(root),
    limits: { maxBytes: 20 * 1024 * 1024, maxPixels: 50_000_000 },
    thumbnailDir: path.join(root, 'thumbnails'),
    urlHosts: parseHostAllowList(undefined),
    allowPrivateAddresses: false,
    ...overrides,
  };
}

export async function createImageProject(harness: TTestHarness, owner: TActor, slug: string, labels = ['cat', 'dog']): Promise<{ id: number; slug: string }> {
  const project = await createProject(harness.db, owner, { name: slug, slug, taskType: 'image_classification', labels: buildDefaultLabels(labels) });
  return { id: project.id, slug: project.slug };
}

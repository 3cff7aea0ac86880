import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { makeTestImage } from '@/server/testing/media-fixtures';
import { ImageRejectedError, normalizeImage } from './normalize-image';

const LIMITS = { maxBytes: 1024 * 1024, maxPixels: 1_000_000 };

describe('normalizeImage', () => {
  it.each([
    ['jpeg', 'image/jpeg'],
    ['png', 'image/png'],
    ['webp', 'image/webp'],
    ['gif', 'image/png'],
    ['tiff', 'image/png'],
    ['avif', 'image/png'],
  ] as const)('accepts %s and stores it as %s with its size', async (format, contentType) => {
    const image = await normalizeImage(await makeTestImage(1, { format, width: 20, height: 10 }), LIMITS);
    expect(image).toMatchObject({ contentType, width: 20, height: 10 });
    const decoded = await sharp(image.bytes).metadata();
    expect(`image/${decoded.format}`).toBe(contentType);
  });

  it('re-encodes the same file to the same bytes, so stored images dedupe by hash', async () => {
    const file = await makeTestImage(2, { format: 'jpeg' });
    const [a, b] = await Promise.all([normalizeImage(file, LIMITS), normalizeImage(file, LIMITS)]);
    expect(a.bytes.equals(b.bytes)).toBe(true);
  });

  it('strips metadata (EXIF with a GPS position, comments) and applies the orientation', async () => {
    const pixels = await sharp({ create: { width: 30, height: 10, channels: 3, background: '#336699' } })
      .jpeg()
      .withExif({ IFD0: { Artist: 'secret-artist', ImageDescription: '<script>alert(1)</script>' }, IFD3: { GPSLatitudeRef: 'N' } })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    expect(pixels.includes('secret-artist')).toBe(true);
    const image = await normalizeImage(pixels, LIMITS);
    expect(image.bytes.includes('secret-artist')).toBe(false);
    expect(image.bytes.includes('<script>')).toBe(false);
    const meta = await sharp(image.bytes).metadata();
    expect(meta.exif).toBeUndefined();
    // Orientation 6 is a quarter turn: the stored image is upright, so taller than wide.
    expect([image.width, image.height]).toEqual([10, 30]);
  });

  it('drops what a polyglot carries after the image data', async () => {
    const png = await makeTestImage(3);
    const polyglot = Buffer.concat([png, Buffer.from('<html><script>alert(document.cookie)</script></html>')]);
    const image = await normalizeImage(polyglot, LIMITS);
    expect(image.bytes.includes('<script>')).toBe(false);
  });

  it.each([
    ['an SVG', Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'SVG images are not accepted'],
    ['an SVG without a prolog', Buffer.from('  <svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'), 'SVG images are not accepted'],
    ['text', Buffer.from('hello, this is not an image'), 'Not an image that can be read'],
    ['an empty file', Buffer.alloc(0), 'The file is empty'],
  ])('refuses %s with a clear message', async (_name, bytes, message) => {
    await expect(normalizeImage(bytes, LIMITS)).rejects.toThrow(ImageRejectedError);
    await expect(normalizeImage(bytes, LIMITS)).rejects.toThrow(message);
  });

  it('refuses a truncated image', async () => {
    const jpeg = await makeTestImage(4, { format: 'jpeg', width: 64, height: 64 });
    await expect(normalizeImage(jpeg.subarray(0, Math.floor(jpeg.length / 2)), LIMITS)).rejects.toThrow(ImageRejectedError);
  });

  it('refuses files over the byte limit and images over the pixel limit', async () => {
    const file = await makeTestImage(5, { width: 200, height: 100 });
    await expect(normalizeImage(file, { maxBytes: file.length - 1, maxPixels: 1e6 })).rejects.toThrow(/larger than the limit/);
    await expect(normalizeImage(file, { maxBytes: 1e6, maxPixels: 19_999 })).rejects.toThrow(/200×100 pixels, over the limit/);
  });

  it('refuses a small file that declares a huge image (decompression bomb) before decoding it', async () => {
    // 100 megapixels of one colour compress to a few hundred KB.
    const bomb = await sharp({ create: { width: 10_000, height: 10_000, channels: 3, background: '#000' }, limitInputPixels: false })
      .png({ compressionLevel: 9 })
      .toBuffer();
    expect(bomb.length).toBeLessThan(LIMITS.maxBytes);
    await expect(normalizeImage(bomb, LIMITS)).rejects.toThrow(/over the limit/);
  }, 60_000);
});

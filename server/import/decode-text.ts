import { isUtf8 } from 'node:buffer';
import type { TByteSource } from './types';

/** Caps how much text one decode step produces, so a source that hands over a whole file at once stays streamable. */
const MAX_CHUNK_BYTES = 64 * 1024;

export type TDecodeState = {
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be';
  /**
   * Sticky: once set, readers treat U+FFFD in a record as a decoding failure. Checking whole chunks
   * with the native `isUtf8` keeps valid files at zero per-record cost; a genuine U+FFFD after the
   * first broken byte is a false positive we accept, since that file's encoding is already suspect.
   */
  hasInvalidUtf8: boolean;
};

export function createDecodeState(): TDecodeState {
  return { encoding: 'utf-8', hasInvalidUtf8: false };
}

function isWebReadableStream(source: unknown): source is ReadableStream<Uint8Array> {
  return typeof source === 'object' && source !== null && typeof (source as ReadableStream).getReader === 'function';
}

function toBytes(chunk: Uint8Array | string): Uint8Array {
  return typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
}

async function* splitLargeChunks(chunks: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>) {
  for await (const chunk of chunks) {
    const bytes = toBytes(chunk);
    if (bytes.length <= MAX_CHUNK_BYTES) {
      if (bytes.length > 0) yield bytes;
      continue;
    }
    for (let i = 0; i < bytes.length; i += MAX_CHUNK_BYTES) yield bytes.subarray(i, i + MAX_CHUNK_BYTES);
  }
}

async function* readWebStream(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    // Cancelling on early exit (a preview reads 20 rows) lets the producer stop uploading.
    await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

/** Normalises every supported source into byte chunks of at most 64 KB. */
export function readByteChunks(source: TByteSource): AsyncGenerator<Uint8Array> {
  if (typeof source === 'string' || source instanceof Uint8Array) return splitLargeChunks([source]);
  if (isWebReadableStream(source)) return splitLargeChunks(readWebStream(source));
  return splitLargeChunks(source);
}

/** Index up to which `bytes` holds only complete UTF-8 sequences; the rest waits for the next chunk. */
export function findCompleteUtf8Prefix(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let i = n - 1; i >= 0 && i >= n - 4; i--) {
    const b = bytes[i]!;
    if ((b & 0xc0) === 0x80) continue;
    const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return n - i < length ? i : n;
  }
  return n;
}

function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Decodes UTF-8 (BOM stripped) or BOM-marked UTF-16 into strings, chunk by chunk. Invalid UTF-8 is
 * replaced by U+FFFD and flagged in `state` rather than thrown, so the reader can reject just the
 * rows it touches.
 */
export async function* decodeText(bytes: AsyncIterable<Uint8Array>, state: TDecodeState): AsyncGenerator<string> {
  let carry: Uint8Array = new Uint8Array(0);
  let isStart = true;
  let utf16: TextDecoder | null = null;
  for await (const chunk of bytes) {
    let data = concatBytes(carry, chunk);
    carry = new Uint8Array(0);
    if (isStart) {
      if (data.length < 3) {
        carry = data;
        continue;
      }
      isStart = false;
      if (data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) data = data.subarray(3);
      else if (data[0] === 0xff && data[1] === 0xfe) state.encoding = 'utf-16le';
      else if (data[0] === 0xfe && data[1] === 0xff) state.encoding = 'utf-16be';
      // TextDecoder drops the BOM itself.
      if (state.encoding !== 'utf-8') utf16 = new TextDecoder(state.encoding);
    }
    if (utf16) {
      const text = utf16.decode(data, { stream: true });
      if (text) yield text;
      continue;
    }
    const cut = findCompleteUtf8Prefix(data);
    carry = data.subarray(cut);
    if (cut === 0) continue;
    const complete = toBuffer(data.subarray(0, cut));
    if (!state.hasInvalidUtf8 && !isUtf8(complete)) state.hasInvalidUtf8 = true;
    yield complete.toString('utf8');
  }
  if (utf16) {
    const rest = utf16.decode();
    if (rest) yield rest;
    return;
  }
  if (carry.length > 0) {
    let rest = toBuffer(carry);
    if (isStart && rest[0] === 0xef && rest[1] === 0xbb && rest[2] === 0xbf) rest = rest.subarray(3);
    if (!isUtf8(rest)) state.hasInvalidUtf8 = true;
    if (rest.length > 0) yield rest.toString('utf8');
  }
}

export const REPLACEMENT_CHAR = '\uFFFD';
export const INVALID_UTF8_REASON = 'invalid UTF-8 byte sequence (save the file as UTF-8)';

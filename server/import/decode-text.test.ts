import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createDecodeState, decodeText, findCompleteUtf8Prefix, readByteChunks } from './decode-text';

async function decodeAll(chunks: Uint8Array[]) {
  const state = createDecodeState();
  let text = '';
  for await (const part of decodeText(Readable.from(chunks), state)) text += part;
  return { text, state };
}

describe('decodeText', () => {
  const sample = 'aé☕🎉z\nÜber';
  const bytes = Buffer.from(sample, 'utf8');

  it('decodes multi-byte characters split across every possible chunk boundary', async () => {
    for (let cut = 0; cut <= bytes.length; cut++) {
      const { text, state } = await decodeAll([bytes.subarray(0, cut), bytes.subarray(cut)]);
      expect(text).toBe(sample);
      expect(state.hasInvalidUtf8).toBe(false);
    }
    const oneByteAtATime = await decodeAll([...bytes].map((b) => Uint8Array.of(b)));
    expect(oneByteAtATime.text).toBe(sample);
  });

  it('strips a UTF-8 BOM, even when it arrives a byte at a time', async () => {
    const { text } = await decodeAll([Uint8Array.of(0xef), Uint8Array.of(0xbb), Uint8Array.of(0xbf, 0x61)]);
    expect(text).toBe('a');
  });

  it('flags invalid UTF-8 and replaces it with U+FFFD', async () => {
    const { text, state } = await decodeAll([Buffer.from('caf'), Uint8Array.of(0xe9), Buffer.from(' au lait')]);
    expect(text).toBe('caf\uFFFD au lait');
    expect(state.hasInvalidUtf8).toBe(true);
  });

  it('flags a truncated sequence at the very end', async () => {
    const { state } = await decodeAll([Buffer.from('ok'), Uint8Array.of(0xe2, 0x98)]);
    expect(state.hasInvalidUtf8).toBe(true);
  });

  it('reads UTF-16 files that carry a BOM (Excel "Unicode text")', async () => {
    const utf16 = Buffer.concat([Uint8Array.of(0xff, 0xfe), Buffer.from('id\ttext\n1\tcafé', 'utf16le')]);
    const { text, state } = await decodeAll([utf16.subarray(0, 5), utf16.subarray(5)]);
    expect(text).toBe('id\ttext\n1\tcafé');
    expect(state.encoding).toBe('utf-16le');
  });
});

describe('readByteChunks', () => {
  it('accepts strings, buffers, Node streams and web streams, in chunks of at most 64 KB', async () => {
    const big = Buffer.alloc(200_000, 97);
    const web = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(big);
        controller.close();
      },
    });
    for (const source of [big, big.toString(), Readable.from([big]), web]) {
      const sizes: number[] = [];
      for await (const chunk of readByteChunks(source)) sizes.push(chunk.length);
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(200_000);
      expect(Math.max(...sizes)).toBeLessThanOrEqual(64 * 1024);
    }
  });
});

describe('findCompleteUtf8Prefix', () => {
  it('holds back only an incomplete trailing sequence', () => {
    const euro = Buffer.from('€'); // 3 bytes
    expect(findCompleteUtf8Prefix(Buffer.concat([Buffer.from('a'), euro.subarray(0, 2)]))).toBe(1);
    expect(findCompleteUtf8Prefix(Buffer.concat([Buffer.from('a'), euro]))).toBe(4);
    expect(findCompleteUtf8Prefix(Buffer.from('abc'))).toBe(3);
  });
});

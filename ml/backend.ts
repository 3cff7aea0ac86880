import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

export type BackendInfo = { name: BackendName };

export type MatMulBenchmark = {
  backend: string;
  size: number;
  iterations: number;
  seconds: number;
  gflops: number;
};

const BACKEND_ORDER: readonly BackendName[] = ['tensorflow', 'wasm', 'cpu'];

// A variable keeps TypeScript and bundlers from resolving a package that is
// usually absent (it downloads libtensorflow at install time, impossible offline).
const TFJS_NODE_MODULE: string = '@tensorflow/tfjs-node';

let initPromise: Promise<BackendInfo> | null = null;
let activeBackend: BackendName | null = null;

/**
 * Picks the fastest backend that loads: tfjs-node, then wasm, then cpu.
 * `QUORUM_ML_BACKEND` moves one backend to the front, so a benchmark can compare them.
 * Every caller awaits the same promise: switching backends after tensors exist
 * would strand them on the old backend.
 */
export function initBackend(): Promise<BackendInfo> {
  initPromise ??= selectBackend();
  return initPromise;
}

export function getBackendName(): BackendName | null {
  return activeBackend;
}

async function selectBackend(): Promise<BackendInfo> {
  for (const name of orderBackends(process.env.QUORUM_ML_BACKEND)) {
    if (await tryBackend(name)) {
      activeBackend = name;
      // A diagnostic, on stderr: CLI commands print their results on stdout.
      console.warn(`[ml] tfjs backend: ${name}`);
      return { name };
    }
  }
  throw new Error('[ml] no tfjs backend could be initialised');
}

function orderBackends(preferred: string | undefined): BackendName[] {
  const first = BACKEND_ORDER.find((name) => name === preferred);
  return first ? [first, ...BACKEND_ORDER.filter((name) => name !== first)] : [...BACKEND_ORDER];
}

async function tryBackend(name: BackendName): Promise<boolean> {
  try {
    if (name === 'tensorflow') {
      await import(/* @vite-ignore */ /* webpackIgnore: true */ TFJS_NODE_MODULE);
      // tfjs-node registers into its own copy of tfjs-core if npm did not dedupe it;
      // then our engine never sees the backend and we fall through.
      if (!tf.findBackendFactory('tensorflow')) return false;
    }
    if (name === 'wasm') configureWasmPaths();
    const isReady = await tf.setBackend(name);
    if (!isReady) return false;
    await tf.ready();
    return tf.getBackend() === name;
  } catch {
    return false;
  }
}

/**
 * In Node the wasm backend reads its .wasm files from disk relative to a prefix;
 * without one it looks in the process cwd. Only the single-threaded SIMD (or plain)
 * binary loads under Node: tfjs reports no thread support there
 * (tensorflow/tfjs#3830) and forcing the threaded build fails to initialise.
 */
function configureWasmPaths(): void {
  const require = createRequire(import.meta.url);
  const distDir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
  setWasmPaths(distDir + path.sep);
}

/**
 * Square matMul throughput on the active backend. The first runs are warm-up
 * (kernel compile, allocator growth); `dataSync` forces completion on every backend.
 */
export async function measureMatMulGflops(size = 512, minSeconds = 0.5): Promise<MatMulBenchmark> {
  await initBackend();
  const a = tf.randomUniform([size, size], -1, 1, 'float32', 1);
  const b = tf.randomUniform([size, size], -1, 1, 'float32', 2);
  const runOnce = () => {
    const c = tf.matMul(a, b);
    c.dataSync();
    c.dispose();
  };
  try {
    for (let i = 0; i < 2; i++) runOnce();
    let iterations = 0;
    const start = performance.now();
    let elapsed = 0;
    while (elapsed < minSeconds * 1000 || iterations < 3) {
      runOnce();
      iterations++;
      elapsed = performance.now() - start;
    }
    const seconds = elapsed / 1000;
    return {
      backend: tf.getBackend(),
      size,
      iterations,
      seconds,
      gflops: (2 * size ** 3 * iterations) / seconds / 1e9,
    };
  } finally {
    a.dispose();
    b.dispose();
  }
}

// Entry of the compute worker thread. The thread runs plain Node (never a bundle): tsx's
// loader compiles the TypeScript, and TensorFlow.js finds its .wasm files next to its package.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
register({ tsconfig: path.join(root, 'tsconfig.json') });
await import(path.join(root, 'server/worker/compute/compute-thread.ts'));

import fs from 'node:fs';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { TCompute } from '@/server/services/learning/compute';
import { METHODS_WITH_PROGRESS, type TComputeReply } from './compute-messages';

const ENTRY_RELATIVE = path.join('server', 'worker', 'compute', 'thread-entry.mjs');

type TPending = { resolve: (value: unknown) => void; reject: (error: Error) => void; onProgress?: (data: unknown) => void };

/**
 * TCompute backed by one worker thread, started on first use. Calls queue in the thread
 * (it runs one at a time), progress streams back as messages, and large typed arrays move
 * rather than copy. If the thread dies (out of memory, a crash in a kernel), pending calls
 * fail with the reason and the next call starts a fresh thread.
 */
export function createThreadCompute({ entry = resolveThreadEntry() }: { entry?: string } = {}): TCompute {
  let worker: Worker | null = null;
  let nextId = 1;
  const pending = new Map<number, TPending>();

  const failAll = (error: Error) => {
    for (const call of pending.values()) call.reject(error);
    pending.clear();
  };

  const start = (): Worker => {
    // Looked up at run time: Turbopack bundles `new Worker(…)` from 'worker_threads' and would
    // try to bundle the entry (and, with a computed path, the whole project). The thread must
    // run plain Node instead, where TensorFlow.js finds its .wasm files.
    const { Worker: WorkerThread } = process.getBuiltinModule('node:worker_threads');
    const thread = new WorkerThread(entry, { name: 'quorum-compute' });
    thread.on('message', (reply: TComputeReply) => {
      const call = pending.get(reply.id);
      if (!call) return;
      if (reply.type === 'progress') {
        call.onProgress?.(reply.data);
        return;
      }
      pending.delete(reply.id);
      if (reply.type === 'result') call.resolve(reply.data);
      else call.reject(Object.assign(new Error(reply.message), { stack: reply.stack }));
    });
    thread.on('error', (error) => {
      if (worker === thread) worker = null;
      failAll(new Error(`the compute thread crashed: ${error.message}`));
    });
    thread.on('exit', (code) => {
      if (worker === thread) worker = null;
      if (pending.size > 0) failAll(new Error(`the compute thread exited (code ${code})`));
    });
    // Idle, the thread must not keep a CLI process alive.
    thread.unref();
    return thread;
  };

  const call = <T>(method: string, args: unknown[]): Promise<T> => {
    worker ??= start();
    const id = nextId++;
    const hasProgress = METHODS_WITH_PROGRESS.has(method);
    const onProgress = hasProgress ? (args.at(-1) as ((data: unknown) => void) | undefined) : undefined;
    const sent = hasProgress ? args.slice(0, -1) : args;
    const thread = worker;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject, onProgress });
      thread.ref();
      thread.postMessage({ id, method, args: sent }, []);
    }).finally(() => {
      if (pending.size === 0) thread.unref();
    });
  };

  return {
    describeBackend: () => call('describeBackend', []),
    train: (request, onProgress) => call('train', [request, onProgress]),
    openScorer: (request) => call('openScorer', [request]),
    score: (sessionId, items) => call('score', [sessionId, items]),
    selectDiverse: (sessionId, items, scores, batchSize, diversity) => call('selectDiverse', [sessionId, items, scores, batchSize, diversity]),
    selectColdStartBatch: (texts, count, featurizer, seed) => call('selectColdStartBatch', [texts, count, featurizer, seed]),
    selectRepresentatives: (sessionId, items, count) => call('selectRepresentatives', [sessionId, items, count]),
    closeScorer: (sessionId) => call('closeScorer', [sessionId]),
    simulate: (request, onProgress) => call('simulate', [request, onProgress]),
    simulateTask: (request, onProgress) => call('simulateTask', [request, onProgress]),
    trainSpanTagger: (request, onProgress) => call('trainSpanTagger', [request, onProgress]),
    openSpanScorer: (request) => call('openSpanScorer', [request]),
    scoreSpans: (sessionId, texts) => call('scoreSpans', [sessionId, texts]),
    simulateSpans: (request, onProgress) => call('simulateSpans', [request, onProgress]),
    trainMultilabel: (request, onProgress) => call('trainMultilabel', [request, onProgress]),
    openMultilabelScorer: (request) => call('openMultilabelScorer', [request]),
    simulateMultilabel: (request, onProgress) => call('simulateMultilabel', [request, onProgress]),
    async close() {
      const thread = worker;
      worker = null;
      failAll(new Error('the compute thread was closed'));
      if (thread) await thread.terminate();
    },
  };
}

/**
 * The thread entry is a file in the source tree, not part of any bundle: next to this
 * module when it runs from source, else under the working directory (the Next.js server
 * runs from the project root). QUORUM_COMPUTE_ENTRY overrides both.
 */
export function resolveThreadEntry(): string {
  const candidates = [
    process.env.QUORUM_COMPUTE_ENTRY,
    typeof import.meta.dirname === 'string' ? path.join(import.meta.dirname, 'thread-entry.mjs') : undefined,
    path.resolve(process.cwd(), ENTRY_RELATIVE),
  ];
  const found = candidates.find((candidate): candidate is string => Boolean(candidate) && fs.existsSync(candidate!));
  if (!found) throw new Error(`cannot find the compute thread entry (${ENTRY_RELATIVE}); run Quorum from its project directory or set QUORUM_COMPUTE_ENTRY`);
  return found;
}

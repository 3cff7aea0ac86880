import { parentPort } from 'node:worker_threads';
import { createComputeService } from './compute-service';
import { collectTransferables, METHODS_WITH_PROGRESS, type TComputeReply, type TComputeRequest } from './compute-messages';

/**
 * Body of the compute worker thread: runs TCompute calls from the main thread one message
 * at a time. TensorFlow.js and every model live here, so a long training never blocks the
 * thread that serves requests and owns the database.
 */
const port = parentPort;
if (!port) throw new Error('compute-thread.ts runs inside a worker thread');

const service = createComputeService() as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;

port.on('message', (request: TComputeRequest) => {
  void handle(request);
});

async function handle({ id, method, args }: TComputeRequest): Promise<void> {
  const reply = (message: TComputeReply, transfer: ArrayBuffer[] = []) => port!.postMessage(message, transfer);
  try {
    const operation = service[method];
    if (typeof operation !== 'function' || method === 'closeAll') throw new Error(`unknown compute method ${method}`);
    const callArgs = METHODS_WITH_PROGRESS.has(method) ? [...args, (data: unknown) => reply({ id, type: 'progress', data })] : args;
    const result = await operation(...callArgs);
    reply({ id, type: 'result', data: result }, collectTransferables(result));
  } catch (error) {
    const failure = error instanceof Error ? error : new Error(String(error));
    reply({ id, type: 'error', message: failure.message, stack: failure.stack });
  }
}

/** The worker thread's wire format: one request per call, any number of progress messages, then a result or an error. */
export type TComputeRequest = { id: number; method: string; args: unknown[] };

export type TComputeReply =
  | { id: number; type: 'progress'; data: unknown }
  | { id: number; type: 'result'; data: unknown }
  | { id: number; type: 'error'; message: string; stack?: string };

/** Methods whose last argument is a progress callback (it cannot cross threads; progress comes back as messages). */
export const METHODS_WITH_PROGRESS = new Set(['train', 'simulate', 'simulateTask', 'trainSpanTagger', 'simulateSpans', 'trainMultilabel', 'simulateMultilabel']);

/**
 * Buffers of typed arrays in a value that can be moved instead of copied: only views that
 * cover their whole buffer (a view into a shared pool would take its neighbours along).
 */
export function collectTransferables(value: unknown, found = new Set<ArrayBuffer>(), depth = 0): ArrayBuffer[] {
  if (depth > 6 || value === null || typeof value !== 'object') return [...found];
  if (ArrayBuffer.isView(value)) {
    const { buffer, byteOffset, byteLength } = value;
    if (buffer instanceof ArrayBuffer && byteOffset === 0 && byteLength === buffer.byteLength) found.add(buffer);
    return [...found];
  }
  for (const child of Array.isArray(value) ? value : Object.values(value)) collectTransferables(child, found, depth + 1);
  return [...found];
}

/**
 * Lets the requests that arrived meanwhile run. The embedded database answers on this thread and a
 * parse from memory never waits for I/O, so a loop of batches would otherwise keep the event loop
 * to itself until the end, however short each statement is.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

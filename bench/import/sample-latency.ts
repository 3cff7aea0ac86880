/** Latency percentiles of requests sent on a fixed schedule while something else runs. */
export type TLatencySummary = { samples: number; p50Ms: number; p99Ms: number; maxMs: number };

/**
 * Sends `request` every `intervalMs`, like users who do not wait for one another, until stopped.
 * Each latency runs from when the request was due, not when the timer managed to fire: a request
 * that arrives while the event loop is busy waits for it too, and that wait is what users feel.
 */
export function sampleLatency(request: () => Promise<unknown>, intervalMs: number): { stop: () => Promise<TLatencySummary> } {
  const latencies: number[] = [];
  const inFlight = new Set<Promise<unknown>>();
  const started = performance.now();
  let sent = 0;
  const timer = setInterval(() => {
    const due = Math.floor((performance.now() - started) / intervalMs);
    for (; sent < due; sent++) {
      const dueAt = started + (sent + 1) * intervalMs;
      const done = request().then(() => {
        latencies.push(performance.now() - dueAt);
        inFlight.delete(done);
      });
      inFlight.add(done);
    }
  }, intervalMs);
  return {
    async stop() {
      clearInterval(timer);
      await Promise.all(inFlight);
      const sorted = [...latencies].sort((a, b) => a - b);
      const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
      return { samples: sorted.length, p50Ms: at(0.5), p99Ms: at(0.99), maxMs: sorted.at(-1) ?? 0 };
    },
  };
}

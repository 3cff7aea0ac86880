import http from 'node:http';

/**
 * HTTP clients for the decision benchmark: plain keep-alive requests (no fetch overhead in the
 * measurement), latency of each, and the decision ids they got back.
 */
export type TDecisionResponse = { status: number; body: unknown };

export function createDecisionClient(baseUrl: string, token: string, connections: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const url = new URL(baseUrl);
  return (method: 'GET' | 'POST', path: string, body?: unknown, headers: Record<string, string> = {}): Promise<TDecisionResponse> =>
    new Promise((resolve) => {
      const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      const request = http.request(
        {
          agent,
          host: url.hostname,
          port: url.port,
          method,
          path,
          headers: { authorization: `Bearer ${token}`, ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.byteLength) } : {}), ...headers },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            let parsed: unknown = null;
            try {
              parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
            } catch {
              parsed = null;
            }
            resolve({ status: response.statusCode ?? 0, body: parsed });
          });
        },
      );
      request.on('error', (error) => resolve({ status: 0, body: { error: (error as NodeJS.ErrnoException).code ?? 'NETWORK' } }));
      request.end(payload);
    });
}

/** `sent`: every request of the run, warm-up included (what CPU use is divided by); `answered`: those measured. */
export type TClosedLoopResult = { latenciesMs: number[]; answered: number; sent: number; seconds: number; errors: Record<string, number>; routes: Record<string, number> };

/**
 * `clients` loops each sending one case after another for `durationMs` (the first `warmupMs` not
 * measured): the closed-loop load of systems waiting for each answer.
 */
export async function runSingleCaseLoad(input: {
  call: ReturnType<typeof createDecisionClient>;
  path: string;
  clients: number;
  durationMs: number;
  warmupMs: number;
  nextText: () => string;
}): Promise<TClosedLoopResult> {
  const result: TClosedLoopResult = { latenciesMs: [], answered: 0, sent: 0, seconds: (input.durationMs - input.warmupMs) / 1000, errors: {}, routes: {} };
  const start = performance.now();
  const measureFrom = start + input.warmupMs;
  const end = start + input.durationMs;
  await Promise.all(
    Array.from({ length: input.clients }, async () => {
      while (performance.now() < end) {
        const sent = performance.now();
        const response = await input.call('POST', input.path, { text: input.nextText() });
        const done = performance.now();
        result.sent++;
        if (response.status !== 201) {
          result.errors[String(response.status)] = (result.errors[String(response.status)] ?? 0) + 1;
          continue;
        }
        if (sent < measureFrom || done > end) continue;
        result.latenciesMs.push(done - sent);
        result.answered++;
        const route = (response.body as { route: string }).route;
        result.routes[route] = (result.routes[route] ?? 0) + 1;
      }
    }),
  );
  return result;
}

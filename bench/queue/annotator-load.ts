import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { performance } from 'node:perf_hooks';

/**
 * Simulated annotators over HTTP: each loops "next task → submit a label" against the tRPC endpoint
 * with its own API token, as fast as the server answers. A share of submissions is sent twice, as a
 * client does when the response to the first was lost; the retry must return the same annotation.
 */
export type TLoadInput = {
  baseUrl: string;
  projectId: number;
  labelIds: number[];
  tokens: string[];
  durationMs: number;
  /** Requests before this moment are not measured (connections, JIT, caches). */
  warmupMs: number;
  retryShare: number;
  /** Mean pause after each label, as a person reading the next text (uniform in ±50%); 0: flat out. */
  thinkMs?: number;
};

export type TLoadResult = {
  nextMs: number[];
  submitMs: number[];
  /** Labels stored during the measured window (first submissions acknowledged by the server). */
  measuredLabels: number;
  measuredSeconds: number;
  /** Client ids of every acknowledged submission, warm-up included. */
  acknowledged: string[];
  retries: number;
  retryMismatches: number;
  emptyQueue: number;
  errors: Record<string, number>;
};

type TCallResult = { ok: true; data: unknown } | { ok: false; code: string };

function createClient(baseUrl: string, concurrency: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const url = new URL(baseUrl);
  return function call(token: string, procedure: string, input: unknown, method: 'POST' | 'GET' = 'POST'): Promise<TCallResult> {
    const body = JSON.stringify({ json: input });
    return new Promise((resolve) => {
      const request = http.request(
        {
          agent,
          host: url.hostname,
          port: url.port,
          method,
          path: method === 'GET' ? `/api/trpc/${procedure}?input=${encodeURIComponent(body)}` : `/api/trpc/${procedure}`,
          headers: {
            authorization: `Bearer ${token}`,
            ...(method === 'POST' ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {}),
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            try {
              const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
                result?: { data?: { json?: unknown } };
                error?: { json?: { data?: { code?: string } } };
              };
              if (response.statusCode === 200 && parsed.result) resolve({ ok: true, data: parsed.result.data?.json ?? null });
              else resolve({ ok: false, code: parsed.error?.json?.data?.code ?? `HTTP_${response.statusCode}` });
            } catch {
              resolve({ ok: false, code: `HTTP_${response.statusCode}_UNPARSEABLE` });
            }
          });
        },
      );
      request.on('error', (error) => resolve({ ok: false, code: `NETWORK_${(error as NodeJS.ErrnoException).code ?? 'ERROR'}` }));
      request.end(method === 'POST' ? body : undefined);
    });
  };
}

export async function runAnnotators(input: TLoadInput): Promise<TLoadResult> {
  const call = createClient(input.baseUrl, input.tokens.length);
  const result: TLoadResult = {
    nextMs: [],
    submitMs: [],
    measuredLabels: 0,
    measuredSeconds: (input.durationMs - input.warmupMs) / 1000,
    acknowledged: [],
    retries: 0,
    retryMismatches: 0,
    emptyQueue: 0,
    errors: {},
  };
  const start = performance.now();
  const measureFrom = start + input.warmupMs;
  const end = start + input.durationMs;
  const countError = (code: string) => {
    result.errors[code] = (result.errors[code] ?? 0) + 1;
  };

  async function annotate(token: string) {
    while (performance.now() < end) {
      const nextStart = performance.now();
      const next = await call(token, 'label.next', { projectId: input.projectId });
      const nextEnd = performance.now();
      if (nextStart >= measureFrom) result.nextMs.push(nextEnd - nextStart);
      if (!next.ok) {
        countError(`next ${next.code}`);
        continue;
      }
      const task = next.data as { itemId: number } | null;
      if (!task) {
        result.emptyQueue++;
        await new Promise((resolve) => setTimeout(resolve, 100));
        continue;
      }
      const submission = {
        projectId: input.projectId,
        itemId: task.itemId,
        labelId: input.labelIds[Math.floor(Math.random() * input.labelIds.length)],
        clientId: randomUUID(),
        leadTimeMs: 1000 + Math.floor(Math.random() * 4000),
      };
      const submitStart = performance.now();
      const submitted = await call(token, 'label.submit', submission);
      const submitEnd = performance.now();
      if (submitStart >= measureFrom) result.submitMs.push(submitEnd - submitStart);
      if (!submitted.ok) {
        countError(`submit ${submitted.code}`);
        continue;
      }
      result.acknowledged.push(submission.clientId);
      if (submitStart >= measureFrom && submitEnd <= end) result.measuredLabels++;
      if (Math.random() < input.retryShare) {
        result.retries++;
        const retried = await call(token, 'label.submit', submission);
        const first = submitted.data as { annotationId: number };
        if (!retried.ok || (retried.data as { annotationId: number; isDuplicate: boolean }).annotationId !== first.annotationId) result.retryMismatches++;
      }
      if (input.thinkMs) await new Promise((resolve) => setTimeout(resolve, input.thinkMs! * (0.5 + Math.random())));
    }
  }

  await Promise.all(input.tokens.map((token) => annotate(token)));
  return result;
}

/**
 * Authenticated requests that do nothing else (`me.get`), from a few clients for `durationMs`: the
 * framework's own cost per request (HTTP, Next.js routing, tRPC, token check), to set beside the
 * queue's. Returns how many were answered.
 */
export async function runNoOpRequests(input: { baseUrl: string; tokens: string[]; durationMs: number }): Promise<number> {
  const call = createClient(input.baseUrl, input.tokens.length);
  const end = performance.now() + input.durationMs;
  let answered = 0;
  await Promise.all(
    input.tokens.map(async (token) => {
      while (performance.now() < end) {
        if ((await call(token, 'me.get', undefined, 'GET')).ok) answered++;
      }
    }),
  );
  return answered;
}

/** Nearest-rank percentile of unsorted samples, in the samples' unit. */
export function percentile(samples: readonly number[], p: number): number | null {
  if (samples.length === 0) return null;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] as number;
}

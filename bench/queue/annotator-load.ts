import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { ExchangeError, LabelingSession, readExchangeResponse, type TExchangeRequest, type TExchangeResponse } from '@/app/(app)/projects/[slug]/label/labeling-session';

/**
 * Simulated annotators over HTTP, each running the labeling screen's own client (LabelingSession):
 * it holds a batch of leased tasks and exchanges answers for more in the background, against the
 * batched labeling route with its own API token. Each annotator answers the task on screen after a
 * think time and measures how long it waited for the next task to be there after answering (zero
 * while the batch has one; the prefetch is what keeps it there). A share of exchanges is sent twice,
 * as when the response to the first was lost: the second must return the same annotations.
 */
export type TLoadInput = {
  /** Annotators are spread over these servers (round robin), as a proxy would. */
  baseUrls: string[];
  slug: string;
  labelIds: number[];
  tokens: string[];
  batchSize: number;
  durationMs: number;
  /** Work before this moment is not measured (connections, JIT, caches). */
  warmupMs: number;
  retryShare: number;
  /** Mean time an annotator takes per task, uniform in ±50%; 0: answers the moment a task is there. */
  thinkMs: number;
};

export type TLoadResult = {
  /** Per label: how long the annotator waited for the next task after answering, in ms. */
  waitMs: number[];
  /** Per exchange: the request's round trip, as the client saw it. */
  requestMs: number[];
  answersPerExchange: number[];
  /** Labels stored during the measured window (first storage acknowledged by the server). */
  measuredLabels: number;
  measuredSeconds: number;
  /** Client ids of every acknowledged answer, warm-up included. */
  acknowledged: string[];
  retries: number;
  retryMismatches: number;
  emptyQueue: number;
  errors: Record<string, number>;
};

function createHttpClient(concurrency: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  return function post(baseUrl: string, path: string, token: string, body: unknown): Promise<{ status: number; json: unknown }> {
    const url = new URL(path, baseUrl);
    const payload = JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const request = http.request(
        {
          agent,
          host: url.hostname,
          port: url.port,
          method: 'POST',
          path: url.pathname,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            try {
              resolve({ status: response.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
            } catch {
              resolve({ status: response.statusCode ?? 0, json: null });
            }
          });
        },
      );
      request.on('error', reject);
      request.end(payload);
    });
  };
}

export async function runAnnotators(input: TLoadInput): Promise<TLoadResult> {
  const post = createHttpClient(input.tokens.length);
  const result: TLoadResult = {
    waitMs: [],
    requestMs: [],
    answersPerExchange: [],
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

  async function annotate(token: string, baseUrl: string) {
    const path = `/api/v1/projects/${input.slug}/labeling:exchange`;
    const exchangeOnce = async (request: TExchangeRequest): Promise<TExchangeResponse> => {
      const sentAt = performance.now();
      let response: { status: number; json: unknown };
      try {
        response = await post(baseUrl, path, token, request);
      } catch (error) {
        countError(`network ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
        throw new ExchangeError('no answer', undefined);
      }
      if (sentAt >= measureFrom && sentAt < end) {
        result.requestMs.push(performance.now() - sentAt);
        result.answersPerExchange.push(request.answers.length);
      }
      if (response.status !== 200) {
        countError(`HTTP ${response.status}`);
        throw new ExchangeError(`HTTP ${response.status}`, response.status);
      }
      return readExchangeResponse(response.json);
    };
    const exchange = async (request: TExchangeRequest): Promise<TExchangeResponse> => {
      if (request.answers.length === 0 || Math.random() >= input.retryShare) return exchangeOnce(request);
      // The first response is "lost": the client sends the same exchange again, as after a timeout.
      result.retries++;
      const first = await exchangeOnce(request);
      const second = await exchangeOnce({ ...request, want: 0 });
      const annotationOf = (response: TExchangeResponse, clientId: string) => {
        const found = response.results.find((entry) => entry.clientId === clientId);
        return found?.status === 'stored' ? found.annotationId : null;
      };
      for (const answer of request.answers) {
        if (annotationOf(first, answer.clientId) !== annotationOf(second, answer.clientId)) result.retryMismatches++;
      }
      return { ...second, tasks: first.tasks };
    };
    const session = new LabelingSession({
      batchSize: input.batchSize,
      exchange,
      events: {
        // Once per answer, whether this response or a retried one stored it.
        onStored: (entry) => {
          result.acknowledged.push(entry.answer.clientId);
          const now = performance.now();
          if (now >= measureFrom && now <= end) result.measuredLabels++;
        },
        onRefused: (_entry, message) => countError(`refused: ${message}`),
      },
    });
    session.start();
    let answeredAt = performance.now();
    while (performance.now() < end) {
      await session.waitForTask();
      const task = session.current;
      if (!task) {
        result.emptyQueue++;
        await new Promise((resolve) => setTimeout(resolve, 100));
        session.reload();
        continue;
      }
      const shownAt = performance.now();
      if (answeredAt >= measureFrom && shownAt <= end) result.waitMs.push(shownAt - answeredAt);
      if (input.thinkMs > 0) await new Promise((resolve) => setTimeout(resolve, input.thinkMs * (0.5 + Math.random())));
      answeredAt = performance.now();
      session.answer({ clientId: randomUUID(), labelId: input.labelIds[Math.floor(Math.random() * input.labelIds.length)] as number, leadTimeMs: Math.round(answeredAt - shownAt) }, 'Label');
    }
    // Whatever is still in the outbox is sent (not measured), so nothing answered stays behind.
    session.flush();
    const drainBy = performance.now() + 30_000;
    while (session.outbox.some((entry) => entry.state !== 'failed') && performance.now() < drainBy) await new Promise((resolve) => setTimeout(resolve, 20));
    session.stop();
  }

  await Promise.all(input.tokens.map((token, index) => annotate(token, input.baseUrls[index % input.baseUrls.length] as string)));
  return result;
}

/**
 * Authenticated requests that do nothing else (`me.get` through tRPC), from a few clients for
 * `durationMs`: the framework's own cost per request (HTTP, Next.js routing, tRPC, token check), to
 * set beside the queue's; across several servers, how far the app tier scales when the database has
 * little to do. Returns how many were answered.
 */
export async function runNoOpRequests(input: { baseUrls: string[]; tokens: string[]; durationMs: number }): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: input.tokens.length });
  const call = (token: string, url: URL) =>
    new Promise<boolean>((resolve) => {
      const request = http.request({ agent, host: url.hostname, port: url.port, method: 'GET', path: '/api/trpc/me.get', headers: { authorization: `Bearer ${token}` } }, (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode === 200));
      });
      request.on('error', () => resolve(false));
      request.end();
    });
  const end = performance.now() + input.durationMs;
  let answered = 0;
  await Promise.all(
    input.tokens.map(async (token, index) => {
      // Clients split across the servers as a proxy would.
      const url = new URL(input.baseUrls[index % input.baseUrls.length] as string);
      while (performance.now() < end) if (await call(token, url)) answered++;
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

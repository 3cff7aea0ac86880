import { INVALID_UTF8_MESSAGE, isWellFormedUtf8 } from '@/server/security/well-formed-text';

/**
 * Request bodies are capped before they are read: a declared Content-Length over the limit is
 * refused at once, and a body without one (chunked) is counted while it streams in and cut off at the
 * limit, so no request makes the server hold more than its route's limit in memory.
 */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`The request body is larger than the limit of ${formatBytes(limit)}`);
    this.name = 'BodyTooLargeError';
  }
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3 && bytes % 1024 ** 3 === 0) return `${bytes / 1024 ** 3} GB`;
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KB`;
  return `${bytes} bytes`;
}

export function payloadTooLargeResponse(limit: number): Response {
  return Response.json({ error: { code: 'PAYLOAD_TOO_LARGE', message: new BodyTooLargeError(limit).message } }, { status: 413 });
}

/** True when the request says up front that its body is over the limit. */
export function declaresBodyOver(request: Request, limit: number): boolean {
  const declared = request.headers.get('content-length');
  if (declared === null) return false;
  const length = Number(declared);
  return !Number.isFinite(length) || length > limit;
}

/** The body as a stream that fails with BodyTooLargeError as soon as more than `limit` bytes arrive. */
export function limitBodyStream(body: ReadableStream<Uint8Array>, limit: number): ReadableStream<Uint8Array> {
  let received = 0;
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        received += chunk.byteLength;
        if (received > limit) controller.error(new BodyTooLargeError(limit));
        else controller.enqueue(chunk);
      },
    }),
  );
}

/** Reads the whole body, at most `limit` bytes of it; a larger body throws BodyTooLargeError without being read further. */
export async function readBodyWithLimit(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  if (declaresBodyOver(request, limit)) throw new BodyTooLargeError(limit);
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLargeError(limit);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/**
 * The same request with its body read into memory under the limit (small JSON bodies), so the
 * handler behind never reads an unbounded stream. 413 when the body is too large, 400 when it is
 * not UTF-8 (decoded leniently it would reach the handler with U+FFFD in place of the bad bytes).
 */
export async function bufferRequestBody(request: Request, limit: number): Promise<Request | Response> {
  if (request.method === 'GET' || request.method === 'HEAD') return request;
  try {
    const body = await readBodyWithLimit(request, limit);
    if (!isWellFormedUtf8(body)) return Response.json({ error: { code: 'BAD_REQUEST', message: INVALID_UTF8_MESSAGE } }, { status: 400 });
    const headers = new Headers(request.headers);
    headers.delete('transfer-encoding');
    headers.set('content-length', String(body.byteLength));
    return new Request(request.url, { method: request.method, headers, body: body.byteLength > 0 ? body : null, signal: request.signal });
  } catch (error) {
    if (error instanceof BodyTooLargeError) return payloadTooLargeResponse(limit);
    throw error;
  }
}

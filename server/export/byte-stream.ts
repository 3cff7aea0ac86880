import { Readable } from 'node:stream';

const FLUSH_CHARS = 64 * 1024;

/**
 * Joins many small strings into ~64 KB Buffers: a Readable in byte mode that pipes to an HTTP
 * response or file, and whose chunks a web `Response` body accepts (see `toWebStream`). Pull based,
 * so a slow client throttles the database cursor feeding `parts`.
 */
export function createByteStream(parts: AsyncIterable<string>): Readable {
  async function* chunk(): AsyncGenerator<Buffer> {
    let pending = '';
    for await (const part of parts) {
      pending += part;
      if (pending.length >= FLUSH_CHARS) {
        yield Buffer.from(pending, 'utf8');
        pending = '';
      }
    }
    if (pending.length > 0) yield Buffer.from(pending, 'utf8');
  }
  return Readable.from(chunk(), { objectMode: false });
}

/** For `new Response(toWebStream(exportCsv(items)))` in a route handler. */
export function toWebStream(readable: Readable): ReadableStream<Uint8Array> {
  return Readable.toWeb(readable) as unknown as ReadableStream<Uint8Array>;
}

export async function readStreamText(readable: AsyncIterable<Buffer | string>): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of readable) parts.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(parts).toString('utf8');
}

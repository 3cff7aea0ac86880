import { randomBytes, timingSafeEqual } from 'node:crypto';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';

/**
 * The TCP peer's address as a request header. Route handlers only see a `Request`, and Next fills
 * X-Forwarded-For with the peer only when the client sent none, so the server stamps every request
 * with its peer before Next sees it. The stamp carries a random per-process token: a client that
 * sends the header itself (or a request that came in before the stamp was installed) is not believed.
 */
export const PEER_ADDRESS_HEADER = 'x-quorum-peer-address';

type TPeerGlobal = typeof globalThis & { __quorumPeerToken?: string; __quorumPeerStampInstalled?: boolean };

function peerToken(): string {
  const store = globalThis as TPeerGlobal;
  store.__quorumPeerToken ??= randomBytes(18).toString('base64url');
  return store.__quorumPeerToken;
}

export function formatPeerStamp(address: string): string {
  return `${peerToken()} ${address}`;
}

/** The peer address stamped on these headers by this process, or null when there is no genuine stamp. */
export function readPeerAddress(headers: Headers): string | null {
  const value = headers.get(PEER_ADDRESS_HEADER);
  if (!value) return null;
  const space = value.indexOf(' ');
  if (space < 0) return null;
  const token = Buffer.from(value.slice(0, space));
  const expected = Buffer.from(peerToken());
  if (token.length !== expected.length || !timingSafeEqual(token, expected)) return null;
  return value.slice(space + 1);
}

export function stampPeerAddress(request: IncomingMessage): void {
  const address = request.socket?.remoteAddress;
  if (address) request.headers[PEER_ADDRESS_HEADER] = formatPeerStamp(address);
  else delete request.headers[PEER_ADDRESS_HEADER];
}

/** Stamps every request any HTTP(S) server in this process receives (installed once, from instrumentation.ts). */
export function installPeerAddressStamp(): void {
  const store = globalThis as TPeerGlobal;
  if (store.__quorumPeerStampInstalled) return;
  store.__quorumPeerStampInstalled = true;
  for (const Server of [http.Server, https.Server]) {
    const emit = Server.prototype.emit;
    Server.prototype.emit = function emitWithPeerStamp(this: http.Server, event: string | symbol, ...args: unknown[]) {
      if (event === 'request') stampPeerAddress(args[0] as IncomingMessage);
      return emit.apply(this, [event, ...args] as Parameters<typeof emit>);
    } as typeof emit;
  }
}

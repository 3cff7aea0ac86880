import { readPeerAddress } from './peer-address';
import { isTrustedProxy, normalizeAddress, type TTrustedProxies } from './trusted-proxies';

/** Set by the app on requests it hands to better-auth; any value a client sent is replaced. */
export const CLIENT_ADDRESS_HEADER = 'x-quorum-client-address';
const MAX_FORWARDED_ENTRIES = 20;

/**
 * The client's address: the TCP peer, unless the peer is a configured proxy, in which case the
 * X-Forwarded-For chain is walked from the right over trusted hops only. Entries left of the first
 * untrusted hop are whatever the client wrote and are never used. Null when the peer is unknown.
 */
export function resolveClientAddress(headers: Headers, proxies: TTrustedProxies): string | null {
  const peerText = readPeerAddress(headers);
  const peer = peerText === null ? null : normalizeAddress(peerText);
  if (peer === null) return null;
  if (proxies.kind === 'none') return peer;
  const forwarded = (headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .slice(-MAX_FORWARDED_ENTRIES);
  // Nearest hop first: the peer, then the address each proxy says it received the request from.
  const chain = [peer, ...forwarded.reverse()];
  if (proxies.kind === 'hops') {
    for (let index = 1; index <= proxies.hops && index < chain.length; index++) {
      const address = normalizeAddress(chain[index]!);
      if (address === null) return normalizeAddress(chain[index - 1]!);
      if (index === proxies.hops || index === chain.length - 1) return address;
    }
    return peer;
  }
  let client = peer;
  for (let index = 0; index < chain.length - 1 && isTrustedProxy(proxies, client); index++) {
    const next = normalizeAddress(chain[index + 1]!);
    if (next === null) break;
    client = next;
  }
  return client;
}

/** A copy of the request whose client-address header is the one resolved here, never the client's own. */
export function withClientAddress(request: Request, proxies: TTrustedProxies): Request {
  const headers = new Headers(request.headers);
  const address = resolveClientAddress(request.headers, proxies);
  if (address) headers.set(CLIENT_ADDRESS_HEADER, address);
  else headers.delete(CLIENT_ADDRESS_HEADER);
  return new Request(request, { headers });
}

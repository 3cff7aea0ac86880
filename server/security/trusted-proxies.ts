import { BlockList, isIP } from 'node:net';

/**
 * Which hops in front of the app may tell it the client's address (X-Forwarded-For). Any client can
 * send that header, so by default none is trusted and the client is the TCP peer itself.
 */
export type TTrustedProxies = { kind: 'none' } | { kind: 'hops'; hops: number } | { kind: 'addresses'; list: BlockList; text: string };

export const NO_TRUSTED_PROXIES: TTrustedProxies = { kind: 'none' };

const MAX_HOPS = 10;

/** `QUORUM_TRUSTED_PROXIES`: unset or empty = none; a hop count ("1"); or IPs and CIDRs ("10.0.0.0/8, ::1"). */
export function parseTrustedProxies(value: string | undefined): { ok: true; proxies: TTrustedProxies } | { ok: false; message: string } {
  const text = value?.trim() ?? '';
  if (text === '' || text === '0' || text.toLowerCase() === 'none') return { ok: true, proxies: NO_TRUSTED_PROXIES };
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops > MAX_HOPS) return { ok: false, message: `a hop count is at most ${MAX_HOPS}` };
    return { ok: true, proxies: { kind: 'hops', hops } };
  }
  const list = new BlockList();
  for (const entry of text.split(',').map((part) => part.trim()).filter(Boolean)) {
    const [address = '', prefixText] = entry.split('/');
    const family = isIP(address);
    const prefix = prefixText === undefined ? (family === 6 ? 128 : 32) : /^\d+$/.test(prefixText) ? Number(prefixText) : NaN;
    if (family === 0 || !(prefix >= 0 && prefix <= (family === 6 ? 128 : 32))) {
      return { ok: false, message: `"${entry}" is not an IP address or CIDR range (or give a hop count)` };
    }
    list.addSubnet(address, prefix, family === 6 ? 'ipv6' : 'ipv4');
  }
  return { ok: true, proxies: { kind: 'addresses', list, text } };
}

/** "::ffff:10.0.0.1" (an IPv4 peer on a dual-stack socket) is 10.0.0.1. */
export function normalizeAddress(address: string): string | null {
  const trimmed = address.trim();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(trimmed);
  const candidate = mapped?.[1] ?? trimmed;
  const family = isIP(candidate);
  if (family === 4) return candidate;
  if (family === 6) return candidate.toLowerCase();
  return null;
}

export function isTrustedProxy(proxies: TTrustedProxies, address: string): boolean {
  if (proxies.kind !== 'addresses') return false;
  return proxies.list.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
}

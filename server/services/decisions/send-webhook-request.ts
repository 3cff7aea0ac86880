import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/** Addresses a webhook must not reach unless the instance allows it: the host itself, its networks, cloud metadata. */
const PRIVATE_RANGES: readonly [string, number, 'ipv4' | 'ipv6'][] = [
  ['0.0.0.0', 8, 'ipv4'],
  ['10.0.0.0', 8, 'ipv4'],
  ['100.64.0.0', 10, 'ipv4'],
  ['127.0.0.0', 8, 'ipv4'],
  ['169.254.0.0', 16, 'ipv4'],
  ['172.16.0.0', 12, 'ipv4'],
  ['192.0.0.0', 24, 'ipv4'],
  ['192.168.0.0', 16, 'ipv4'],
  ['198.18.0.0', 15, 'ipv4'],
  ['224.0.0.0', 3, 'ipv4'],
  ['::', 128, 'ipv6'],
  ['::1', 128, 'ipv6'],
  ['fc00::', 7, 'ipv6'],
  ['fe80::', 10, 'ipv6'],
  ['ff00::', 8, 'ipv6'],
];
const PRIVATE = new BlockList();
for (const [address, prefix, family] of PRIVATE_RANGES) PRIVATE.addSubnet(address, prefix, family);

export function isPrivateAddress(address: string): boolean {
  // An IPv4-mapped IPv6 address reaches the IPv4 host it embeds.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return PRIVATE.check(mapped, 'ipv4');
  const family = isIP(address);
  if (family === 0) return true;
  return PRIVATE.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

export const PRIVATE_ADDRESS_REFUSAL = 'refused: the receiver’s host is a private, loopback or link-local address (an instance admin may allow them with QUORUM_WEBHOOK_ALLOW_PRIVATE=1)';

class PrivateAddressError extends Error {}

/**
 * The address check sits in the connection's own DNS lookup, so what is checked is what is
 * connected to: a host that resolves to a public address for a check and a private one for the
 * request (DNS rebinding) gets nowhere.
 */
function createGuardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      if (!allowPrivate && addresses.some((entry) => isPrivateAddress(entry.address))) return callback(new PrivateAddressError(PRIVATE_ADDRESS_REFUSAL), '', 0);
      if (options.all) return (callback as unknown as (error: null, addresses: LookupAddress[]) => void)(null, addresses);
      const [first] = addresses;
      if (!first) return callback(new Error(`no address for ${hostname}`), '', 0);
      callback(null, first.address, first.family);
    });
  };
}

export type TWebhookResponse = {
  statusCode: number | null;
  /** Why there was no 2xx: a refusal, a network error, a timeout, or the status with the start of the body. */
  error: string | null;
  durationMs: number;
  /** The receiver's host was refused: retrying would only repeat the refusal. */
  isRefused: boolean;
};

const SNIPPET_BYTES = 512;

/**
 * POSTs one signed message. Redirects are not followed (a 3xx is a failure, so a receiver cannot
 * bounce the request to an internal address), the response body is read only for a short snippet,
 * and the whole exchange is cut off after `timeoutMs`.
 */
export function sendWebhookRequest(
  url: string,
  headers: Record<string, string>,
  body: string,
  options: { allowPrivate: boolean; timeoutMs: number },
): Promise<TWebhookResponse> {
  const started = performance.now();
  const finish = (result: Omit<TWebhookResponse, 'durationMs'>): TWebhookResponse => ({ ...result, durationMs: Math.round(performance.now() - started) });
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return Promise.resolve(finish({ statusCode: null, error: 'not a valid URL', isRefused: true }));
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') return Promise.resolve(finish({ statusCode: null, error: 'only http and https URLs are sent to', isRefused: true }));
  // A literal IP never goes through the lookup, so it is checked here.
  const literal = target.hostname.replace(/^\[|\]$/g, '');
  if (!options.allowPrivate && isIP(literal) !== 0 && isPrivateAddress(literal)) return Promise.resolve(finish({ statusCode: null, error: PRIVATE_ADDRESS_REFUSAL, isRefused: true }));

  return new Promise((resolve) => {
    let isSettled = false;
    const settle = (result: Omit<TWebhookResponse, 'durationMs'>) => {
      if (isSettled) return;
      isSettled = true;
      clearTimeout(timer);
      request.destroy();
      resolve(finish(result));
    };
    const transport = target.protocol === 'https:' ? https : http;
    const request = transport.request(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'Quorum-Webhooks/1' },
        lookup: createGuardedLookup(options.allowPrivate),
        agent: false,
      },
      (response) => {
        const statusCode = response.statusCode ?? 0;
        if (statusCode >= 200 && statusCode < 300) {
          settle({ statusCode, error: null, isRefused: false });
          return;
        }
        let snippet = Buffer.alloc(0);
        const done = () => settle({ statusCode, error: describeStatus(statusCode, snippet), isRefused: false });
        response.on('data', (chunk: Buffer) => {
          snippet = Buffer.concat([snippet, chunk]).subarray(0, SNIPPET_BYTES);
          if (snippet.length >= SNIPPET_BYTES) done();
        });
        response.on('end', done);
        response.on('error', done);
      },
    );
    const timer = setTimeout(() => settle({ statusCode: null, error: `no answer within ${options.timeoutMs / 1000} s`, isRefused: false }), options.timeoutMs);
    request.on('error', (error) => {
      const isRefused = error instanceof PrivateAddressError;
      settle({ statusCode: null, error: isRefused ? error.message : describeNetworkError(error), isRefused });
    });
    request.end(body);
  });
}

function describeStatus(statusCode: number, snippet: Buffer): string {
  const text = snippet.toString('utf8').replace(/\s+/g, ' ').trim().slice(0, 200);
  const redirect = statusCode >= 300 && statusCode < 400 ? ' (redirects are not followed)' : '';
  return `HTTP ${statusCode}${redirect}${text ? `: ${text}` : ''}`;
}

function describeNetworkError(error: Error): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? `${code}: ${error.message}`.slice(0, 300) : error.message.slice(0, 300);
}

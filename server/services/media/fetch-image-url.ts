import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isPrivateAddress } from '@/server/services/decisions/send-webhook-request';
import { isAllowListEmpty, isHostAllowed, type THostAllowList } from './host-allow-list';
import { ImageRejectedError } from './normalize-image';

export type TImageFetchPolicy = {
  hosts: THostAllowList;
  allowPrivateAddresses: boolean;
  maxBytes: number;
  /** The whole exchange, redirects included. */
  timeoutMs: number;
};

export const IMAGE_FETCH_TIMEOUT_MS = 15_000;
const MAX_REDIRECTS = 3;
const PRIVATE_REFUSAL = 'the host resolves to a private, loopback or link-local address';

class FetchRefusedError extends Error {}

/**
 * Downloads an image the server was asked to import, as a careful client: only http(s), only hosts
 * on the instance's allow-list (QUORUM_MEDIA_URL_HOSTS), never a private, loopback or link-local
 * address (checked in the connection's own DNS lookup, so a host cannot resolve to a public address
 * for a check and a private one for the request), at most three redirects each checked the same way,
 * at most `maxBytes` (cut off while streaming) and `timeoutMs` overall. Throws ImageRejectedError
 * with a reason fit for the import report.
 */
export async function fetchImageUrl(url: string, policy: TImageFetchPolicy): Promise<Buffer> {
  const deadline = Date.now() + policy.timeoutMs;
  let current = url;
  for (let redirects = 0; ; redirects++) {
    const target = checkUrl(current, policy);
    const outcome = await requestOnce(target, policy, deadline);
    if (outcome.kind === 'body') return outcome.body;
    if (redirects >= MAX_REDIRECTS) throw new ImageRejectedError(`more than ${MAX_REDIRECTS} redirects`);
    current = new URL(outcome.location, target).toString();
  }
}

function checkUrl(raw: string, policy: TImageFetchPolicy): URL {
  let target: URL;
  try {
    target = new URL(raw);
  } catch {
    throw new ImageRejectedError('not a valid URL');
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new ImageRejectedError('only http and https image URLs are fetched');
  if (target.username || target.password) throw new ImageRejectedError('image URLs may not carry a user name or password');
  if (isAllowListEmpty(policy.hosts)) throw new ImageRejectedError('fetching images from URLs is off on this server (an admin lists the allowed hosts in QUORUM_MEDIA_URL_HOSTS)');
  const host = target.hostname.replace(/^\[|\]$/g, '');
  if (!isHostAllowed(policy.hosts, host)) throw new ImageRejectedError(`the host ${host.slice(0, 100)} is not on this server's list of image hosts`);
  if (!policy.allowPrivateAddresses && isIP(host) !== 0 && isPrivateAddress(host)) throw new ImageRejectedError(PRIVATE_REFUSAL);
  return target;
}

type TOutcome = { kind: 'body'; body: Buffer } | { kind: 'redirect'; location: string };

function requestOnce(target: URL, policy: TImageFetchPolicy, deadline: number): Promise<TOutcome> {
  return new Promise((resolve, reject) => {
    const transport = target.protocol === 'https:' ? https : http;
    const fail = (reason: string) => {
      clearTimeout(timer);
      request.destroy();
      reject(new ImageRejectedError(reason));
    };
    const request = transport.get(
      target,
      { headers: { accept: 'image/*', 'user-agent': 'Quorum-Images/1' }, lookup: createGuardedLookup(policy.allowPrivateAddresses), agent: false },
      (response) => {
        const status = response.statusCode ?? 0;
        if (status >= 300 && status < 400 && response.headers.location) {
          clearTimeout(timer);
          response.resume();
          request.destroy();
          resolve({ kind: 'redirect', location: response.headers.location });
          return;
        }
        if (status < 200 || status >= 300) return fail(`the server answered HTTP ${status}`);
        const type = (response.headers['content-type'] ?? '').toLowerCase();
        if (type.includes('svg')) return fail('SVG images are not accepted (they can carry scripts)');
        if (type.startsWith('text/') || type.includes('html') || type.includes('json')) return fail(`the URL is not an image (${type.split(';')[0]})`);
        const declared = Number(response.headers['content-length']);
        if (Number.isFinite(declared) && declared > policy.maxBytes) return fail(`the image is larger than the limit of ${Math.round(policy.maxBytes / 1024)} KB`);
        const chunks: Buffer[] = [];
        let received = 0;
        response.on('data', (chunk: Buffer) => {
          received += chunk.length;
          if (received > policy.maxBytes) fail(`the image is larger than the limit of ${Math.round(policy.maxBytes / 1024)} KB`);
          else chunks.push(chunk);
        });
        response.on('end', () => {
          clearTimeout(timer);
          resolve({ kind: 'body', body: Buffer.concat(chunks) });
        });
        response.on('error', () => fail('the download broke off'));
      },
    );
    const timer = setTimeout(() => fail(`no complete answer within ${Math.round((deadline - Date.now()) / 1000)} s`), Math.max(0, deadline - Date.now()));
    request.on('error', (error) => fail(error instanceof FetchRefusedError ? PRIVATE_REFUSAL : describeNetworkError(error)));
  });
}

/** Checks every address the name resolves to, in the lookup the connection itself uses. */
function createGuardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      if (!allowPrivate && addresses.some((entry) => isPrivateAddress(entry.address))) return callback(new FetchRefusedError(PRIVATE_REFUSAL), '', 0);
      if (options.all) return (callback as unknown as (error: null, addresses: LookupAddress[]) => void)(null, addresses);
      const [first] = addresses;
      if (!first) return callback(new Error(`no address for ${hostname}`), '', 0);
      callback(null, first.address, first.family);
    });
  };
}

function describeNetworkError(error: Error): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'ENOTFOUND') return 'the host name does not resolve';
  if (code === 'ECONNREFUSED') return 'the connection was refused';
  return typeof code === 'string' ? `the download failed (${code})` : 'the download failed';
}

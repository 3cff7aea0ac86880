import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { headersFromPeer } from '@/server/testing/app-services';
import { resolveClientAddress } from './client-address';
import { installPeerAddressStamp, PEER_ADDRESS_HEADER, readPeerAddress } from './peer-address';
import { parseTrustedProxies, type TTrustedProxies } from './trusted-proxies';

function proxies(value: string | undefined): TTrustedProxies {
  const parsed = parseTrustedProxies(value);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.proxies;
}

describe('client address', () => {
  it('is the TCP peer unless the peer is a trusted proxy', () => {
    const spoofed = headersFromPeer('203.0.113.5', { 'x-forwarded-for': '10.9.9.9' });
    expect(resolveClientAddress(spoofed, proxies(undefined))).toBe('203.0.113.5');
    expect(resolveClientAddress(spoofed, proxies('10.0.0.0/8'))).toBe('203.0.113.5');
    expect(resolveClientAddress(headersFromPeer('::ffff:10.0.0.2', { 'x-forwarded-for': '1.1.1.1, 198.51.100.7' }), proxies('10.0.0.0/8'))).toBe('198.51.100.7');
  });

  it('walks X-Forwarded-For over trusted hops only, by CIDR or by hop count', () => {
    const headers = headersFromPeer('127.0.0.1', { 'x-forwarded-for': 'forged, 198.51.100.7, 10.0.0.1' });
    expect(resolveClientAddress(headers, proxies('127.0.0.1, 10.0.0.0/8'))).toBe('198.51.100.7');
    expect(resolveClientAddress(headers, proxies('127.0.0.1'))).toBe('10.0.0.1');
    expect(resolveClientAddress(headers, proxies('1'))).toBe('10.0.0.1');
    expect(resolveClientAddress(headers, proxies('2'))).toBe('198.51.100.7');
    // More hops than the chain has, or garbage where an address should be: never the forged entry.
    expect(resolveClientAddress(headers, proxies('3'))).toBe('198.51.100.7');
    expect(resolveClientAddress(headersFromPeer('127.0.0.1', { 'x-forwarded-for': '198.51.100.7' }), proxies('5'))).toBe('198.51.100.7');
  });

  it('is unknown without a genuine peer stamp: a client cannot send its own', () => {
    expect(resolveClientAddress(new Headers({ [PEER_ADDRESS_HEADER]: 'guess 10.9.9.9' }), proxies(undefined))).toBeNull();
    expect(resolveClientAddress(new Headers({ 'x-forwarded-for': '10.9.9.9' }), proxies('1'))).toBeNull();
  });

  it('rejects a malformed QUORUM_TRUSTED_PROXIES', () => {
    expect(parseTrustedProxies('10.0.0.0/33').ok).toBe(false);
    expect(parseTrustedProxies('proxy.local').ok).toBe(false);
    expect(parseTrustedProxies('').ok).toBe(true);
  });

  it('stamps each request to a Node HTTP server with its real peer, replacing any the client sent', async () => {
    installPeerAddressStamp();
    const server = http.createServer((request, response) => {
      response.end(readPeerAddress(new Headers(request.headers as Record<string, string>)) ?? 'none');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const response = await fetch(`http://127.0.0.1:${port}/`, { headers: { [PEER_ADDRESS_HEADER]: 'forged 10.9.9.9', 'x-forwarded-for': '10.9.9.9' } });
      expect(await response.text()).toBe('127.0.0.1');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

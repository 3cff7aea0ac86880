import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestImage } from '@/server/testing/media-fixtures';
import { fetchImageUrl, type TImageFetchPolicy } from './fetch-image-url';
import { isHostAllowed, parseHostAllowList } from './host-allow-list';

describe('fetchImageUrl', () => {
  let server: http.Server;
  let port: number;
  let png: Buffer;

  beforeAll(async () => {
    png = await makeTestImage(1);
    server = http.createServer((request, response) => {
      const path = request.url ?? '/';
      if (path === '/cat.png') return void response.writeHead(200, { 'content-type': 'image/png' }).end(png);
      if (path === '/redirect') return void response.writeHead(302, { location: '/cat.png' }).end();
      if (path === '/redirect-away') return void response.writeHead(302, { location: 'http://elsewhere.test/cat.png' }).end();
      if (path === '/loop') return void response.writeHead(302, { location: '/loop' }).end();
      if (path === '/page') return void response.writeHead(200, { 'content-type': 'text/html' }).end('<script>alert(1)</script>');
      if (path === '/svg') return void response.writeHead(200, { 'content-type': 'image/svg+xml' }).end('<svg/>');
      if (path === '/big') {
        // No Content-Length: the limit must cut the stream itself.
        response.writeHead(200, { 'content-type': 'image/png' });
        const timer = setInterval(() => response.write(Buffer.alloc(16 * 1024)), 1);
        response.on('close', () => clearInterval(timer));
        return;
      }
      if (path === '/slow') return; // never answers
      response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const policy = (overrides: Partial<TImageFetchPolicy> = {}): TImageFetchPolicy => ({
    hosts: parseHostAllowList('localhost,127.0.0.1'),
    allowPrivateAddresses: true,
    maxBytes: 64 * 1024,
    timeoutMs: 2_000,
    ...overrides,
  });
  const url = (path: string, host = 'localhost') => `http://${host}:${port}${path}`;

  it('downloads an image from an allowed host, following a redirect on it', async () => {
    expect((await fetchImageUrl(url('/cat.png'), policy())).equals(png)).toBe(true);
    expect((await fetchImageUrl(url('/redirect'), policy())).equals(png)).toBe(true);
  });

  it('refuses private addresses by name (in the DNS lookup) and as literals', async () => {
    await expect(fetchImageUrl(url('/cat.png'), policy({ allowPrivateAddresses: false }))).rejects.toThrow(/private, loopback or link-local/);
    await expect(fetchImageUrl(url('/cat.png', '127.0.0.1'), policy({ allowPrivateAddresses: false }))).rejects.toThrow(/private, loopback or link-local/);
    await expect(fetchImageUrl('http://[::ffff:127.0.0.1]/x.png', policy({ hosts: parseHostAllowList('::ffff:7f00:1'), allowPrivateAddresses: false }))).rejects.toThrow();
  });

  it('refuses hosts off the allow-list, also after a redirect, and everything when the list is empty', async () => {
    await expect(fetchImageUrl(url('/cat.png', '127.0.0.1'), policy({ hosts: parseHostAllowList('localhost') }))).rejects.toThrow(/not on this server's list/);
    await expect(fetchImageUrl(url('/redirect-away'), policy())).rejects.toThrow(/elsewhere.test is not on this server's list/);
    await expect(fetchImageUrl(url('/cat.png'), policy({ hosts: parseHostAllowList('') }))).rejects.toThrow(/QUORUM_MEDIA_URL_HOSTS/);
    await expect(fetchImageUrl('ftp://localhost/cat.png', policy())).rejects.toThrow(/only http and https/);
    await expect(fetchImageUrl(`http://user:pw@localhost:${port}/cat.png`, policy())).rejects.toThrow(/user name or password/);
  });

  it('refuses pages, SVG, too many redirects, oversized streams and slow servers', async () => {
    await expect(fetchImageUrl(url('/page'), policy())).rejects.toThrow(/not an image \(text\/html\)/);
    await expect(fetchImageUrl(url('/svg'), policy())).rejects.toThrow(/SVG/);
    await expect(fetchImageUrl(url('/loop'), policy())).rejects.toThrow(/more than 3 redirects/);
    await expect(fetchImageUrl(url('/big'), policy())).rejects.toThrow(/larger than the limit of 64 KB/);
    await expect(fetchImageUrl(url('/slow'), policy({ timeoutMs: 300 }))).rejects.toThrow(/no complete answer/);
    await expect(fetchImageUrl(url('/missing'), policy())).rejects.toThrow(/HTTP 404/);
  });

  it('matches allow-list wildcards on subdomains only', () => {
    const list = parseHostAllowList(' *.cdn.example.org , images.example.com ');
    expect(['a.cdn.example.org', 'x.y.cdn.example.org', 'IMAGES.example.com.'].every((host) => isHostAllowed(list, host))).toBe(true);
    expect(['cdn.example.org', 'evilcdn.example.org', 'example.com', 'images.example.com.evil.test'].some((host) => isHostAllowed(list, host))).toBe(false);
  });
});

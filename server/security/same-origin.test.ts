import { describe, expect, it } from 'vitest';
import { isCrossSiteRequest } from './same-origin';

const post = (headers: Record<string, string>) => new Request('http://app.test/api/trpc/x', { method: 'POST', headers });

describe('isCrossSiteRequest', () => {
  it('accepts same-origin browser posts', () => {
    expect(isCrossSiteRequest(post({ 'sec-fetch-site': 'same-origin' }))).toBe(false);
    expect(isCrossSiteRequest(post({ origin: 'http://app.test', host: 'app.test' }))).toBe(false);
  });
  it('refuses cross-site and same-site-but-other-origin posts', () => {
    expect(isCrossSiteRequest(post({ 'sec-fetch-site': 'cross-site' }))).toBe(true);
    expect(isCrossSiteRequest(post({ 'sec-fetch-site': 'same-site' }))).toBe(true);
    expect(isCrossSiteRequest(post({ origin: 'http://evil.test', host: 'app.test' }))).toBe(true);
    expect(isCrossSiteRequest(post({ origin: 'null', host: 'app.test' }))).toBe(true);
  });
  it('exempts bearer-token calls and reads', () => {
    expect(isCrossSiteRequest(post({ 'sec-fetch-site': 'cross-site', authorization: 'Bearer qrm_x' }))).toBe(false);
    expect(isCrossSiteRequest(new Request('http://app.test/api/trpc/x', { headers: { 'sec-fetch-site': 'cross-site' } }))).toBe(false);
  });
});

/**
 * Cookie-authenticated state changes must come from our own pages. Browsers send Sec-Fetch-Site
 * (and Origin) on every POST, and a cross-site page cannot forge either; bearer-token calls carry no
 * ambient credentials and are exempt.
 */
export function isCrossSiteRequest(request: Request): boolean {
  if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS') return false;
  if (request.headers.get('authorization')?.toLowerCase().startsWith('bearer ')) return false;
  const fetchSite = request.headers.get('sec-fetch-site');
  if (fetchSite) return fetchSite !== 'same-origin' && fetchSite !== 'none';
  const origin = request.headers.get('origin');
  if (!origin) return false; // non-browser client: no cookies are sent on its behalf
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
  try {
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
}

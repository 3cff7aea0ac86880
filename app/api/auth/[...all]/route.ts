import { getAppServices } from '@/server/app-services';
import { isBrowserAuthPath } from '@/server/auth/browser-auth-paths';
import { bufferRequestBody } from '@/server/http/body-limit';
import { withClientAddress } from '@/server/security/client-address';

/** Sign-in and session calls carry a few fields of JSON. */
const AUTH_BODY_LIMIT = 64 * 1024;

async function handle(request: Request): Promise<Response> {
  // The same answer as for a path that does not exist: nothing tells a prober which endpoints are there.
  if (!isBrowserAuthPath(new URL(request.url).pathname)) return Response.json({ message: 'Not found' }, { status: 404 });
  const { auth, trustedProxies } = await getAppServices();
  const bounded = await bufferRequestBody(request, AUTH_BODY_LIMIT);
  if (bounded instanceof Response) return bounded;
  return auth.handler(withClientAddress(bounded, trustedProxies));
}

export { handle as GET, handle as POST };

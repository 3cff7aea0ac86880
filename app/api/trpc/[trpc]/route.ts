import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { getAppServices } from '@/server/app-services';
import { isCrossSiteRequest } from '@/server/security/same-origin';
import { createContext } from '@/server/trpc/context';
import { appRouter } from '@/server/trpc/root';

async function handle(request: Request): Promise<Response> {
  if (isCrossSiteRequest(request)) {
    return Response.json({ error: { message: 'Cross-site request refused' } }, { status: 403 });
  }
  const { db, auth } = await getAppServices();
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req: request,
    router: appRouter,
    createContext: () => createContext({ db, auth, headers: request.headers }),
    onError({ error, path }) {
      if (error.code === 'INTERNAL_SERVER_ERROR') console.error(`[trpc] ${path ?? '?'}:`, error.cause ?? error);
    },
  });
}

export { handle as GET, handle as POST };

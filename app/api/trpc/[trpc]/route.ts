import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { getAppServices } from '@/server/app-services';
import { bufferRequestBody } from '@/server/http/body-limit';
import { isCrossSiteRequest } from '@/server/security/same-origin';
import { TRPC_ANONYMOUS_MAX_BATCH_SIZE, TRPC_MAX_BATCH_SIZE } from '@/server/trpc/batch-limit';
import { createContext } from '@/server/trpc/context';
import { appRouter } from '@/server/trpc/root';

async function handle(request: Request): Promise<Response> {
  if (isCrossSiteRequest(request)) {
    return Response.json({ error: { message: 'Cross-site request refused' } }, { status: 403 });
  }
  const { db, auth, bodyLimits } = await getAppServices();
  const bounded = await bufferRequestBody(request, bodyLimits.json);
  if (bounded instanceof Response) return bounded;
  // The caller is known before any procedure runs, so an anonymous batch is refused at once.
  const context = await createContext({ db, auth, headers: bounded.headers });
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req: bounded,
    router: appRouter,
    maxBatchSize: context.actor ? TRPC_MAX_BATCH_SIZE : TRPC_ANONYMOUS_MAX_BATCH_SIZE,
    createContext: () => context,
  });
}

export { handle as GET, handle as POST };

import { getAppServices } from '@/server/app-services';

async function handle(request: Request): Promise<Response> {
  const { auth } = await getAppServices();
  return auth.handler(request);
}

export { handle as GET, handle as POST };

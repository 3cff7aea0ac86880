import { adminRouter } from '@/server/routers/admin';
import { dataRouter } from '@/server/routers/data';
import { meRouter } from '@/server/routers/me';
import { projectRouter } from '@/server/routers/project';
import { setupRouter } from '@/server/routers/setup';
import { createCallerFactory, router } from './init';

export const appRouter = router({
  setup: setupRouter,
  me: meRouter,
  admin: adminRouter,
  project: projectRouter,
  data: dataRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);

import { adminRouter } from '@/server/routers/admin';
import { dataRouter } from '@/server/routers/data';
import { decisionsRouter } from '@/server/routers/decisions';
import { certificatesRouter } from '@/server/routers/certificates';
import { decisionRecordRouter } from '@/server/routers/decision-record';
import { decisionReviewersRouter } from '@/server/routers/decision-reviewers';
import { meRouter } from '@/server/routers/me';
import { modelsRouter } from '@/server/routers/models';
import { oversightRouter } from '@/server/routers/oversight';
import { labelRouter } from '@/server/routers/label';
import { projectRouter } from '@/server/routers/project';
import { qualityRouter } from '@/server/routers/quality';
import { reviewRouter } from '@/server/routers/review';
import { setupRouter } from '@/server/routers/setup';
import { createCallerFactory, router } from './init';

export const appRouter = router({
  setup: setupRouter,
  me: meRouter,
  admin: adminRouter,
  project: projectRouter,
  data: dataRouter,
  label: labelRouter,
  review: reviewRouter,
  quality: qualityRouter,
  models: modelsRouter,
  decisions: decisionsRouter,
  decisionRecord: decisionRecordRouter,
  certificates: certificatesRouter,
  oversight: oversightRouter,
  decisionReviewers: decisionReviewersRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);

import type { Database } from '@/db/client';
import type { TJob } from '@/server/services/jobs/jobs';
import type { TMediaStore } from '@/server/services/media/media-store';
import type { TCompute } from './compute';

/**
 * What a training or simulation job runs with. Its own module: the jobs of each task type
 * (run-training-job.ts and the multi-label and span jobs it hands over to) all take it.
 */
export type TJobRunContext = {
  db: Database;
  compute: TCompute;
  job: TJob;
  /** Stores progress (throttled) and extends the job's lease. */
  reportProgress(progress: Record<string, unknown>): void;
  signal: AbortSignal;
  /** Where an image project's images are read; the instance's media store when absent. */
  mediaStore?: TMediaStore;
};

import type { TImportProblem } from '@/server/import';

/** Problems stored on the run itself; the full list goes with the rejected rows. */
export const RUN_PROBLEMS = 100;

/** The report carries where and why; the rows themselves are downloaded apart (they can be large). */
export function withoutRecord({ record: _record, ...problem }: TImportProblem): TImportProblem {
  return problem;
}

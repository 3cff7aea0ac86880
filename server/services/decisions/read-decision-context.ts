import { eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { projects } from '@/db/schema';
import { AppError } from '@/server/errors';
import { parseProjectSettings, type TProjectSettings } from '@/server/services/projects/project-settings';
import { loadCasePredictor, type TCasePredictor } from './case-predictor';

export type TDecisionContext = { settings: TProjectSettings; predictor: TCasePredictor | null };

type TContextGlobal = typeof globalThis & { __quorumDecisionContexts?: WeakMap<Database, Map<number, Promise<TDecisionContext>>> };

/**
 * What deciding a project's cases needs: its settings (the policy, the text limit) and its current
 * model. Read fresh for every case, never cached, so a stop switch or a new model applies to the next
 * case; but concurrent cases of one project share one read in flight (each joins a read at most a
 * round trip old), so a burst of requests costs two queries, not two per request.
 */
export function readDecisionContext(db: Database, projectId: number): Promise<TDecisionContext> {
  const store = globalThis as TContextGlobal;
  store.__quorumDecisionContexts ??= new WeakMap();
  let inFlight = store.__quorumDecisionContexts.get(db);
  if (!inFlight) {
    inFlight = new Map();
    store.__quorumDecisionContexts.set(db, inFlight);
  }
  const joined = inFlight.get(projectId);
  if (joined) return joined;
  const reading = Promise.all([readSettings(db, projectId), loadCasePredictor(db, projectId)]).then(([settings, predictor]) => ({ settings, predictor }));
  inFlight.set(projectId, reading);
  const forget = () => inFlight.delete(projectId);
  reading.then(forget, forget);
  return reading;
}

async function readSettings(db: Database, projectId: number): Promise<TProjectSettings> {
  const [row] = await db.select({ settings: projects.settings }).from(projects).where(eq(projects.id, projectId));
  if (!row) throw new AppError('NOT_FOUND', 'No such project');
  return parseProjectSettings(row.settings);
}

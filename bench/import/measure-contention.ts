import fs from 'node:fs';
import type { Database } from '@/db/client';
import { createAuth } from '@/server/auth/auth';
import { resolveActor } from '@/server/auth/resolve-actor';
import { createAccount } from '@/server/services/accounts/accounts';
import { createApiToken } from '@/server/services/accounts/api-tokens';
import { importItems } from '@/server/services/data/import-items';
import { buildDefaultLabels } from '@/server/services/projects/label-set';
import { createProject } from '@/server/services/projects/projects';
import { recordProfileChange } from '@/server/services/accounts/profile-audit';
import { sampleLatency, type TLatencySummary } from './sample-latency';

const REQUEST_INTERVAL_MS = 50;
const BASELINE_MS = 2_000;

/**
 * Another user's `me.get` (an API token resolved to its account: what every request does first),
 * sent every 50 ms on its own, then during an import of `file` on the same database.
 */
export async function measureRequestsDuringImport(db: Database, file: string): Promise<{ rows: number; latency: Record<string, number> }> {
  const auth = createAuth(db, { secret: 'bench-secret-that-is-long-enough-for-better-auth', signInLimit: 1000, onProfileChange: (change) => recordProfileChange(db, change) });
  const user = await createAccount(db, auth, null, { name: 'Other user', email: 'other.user@bench.quorum', password: 'tangerine-lathe-orbit-7319', globalRole: 'admin' });
  const actor = { userId: user.id, name: 'Other user', email: 'other.user@bench.quorum', globalRole: 'admin' as const, via: 'session' as const };
  const project = await createProject(db, actor, { slug: 'contend', name: 'contend', labels: buildDefaultLabels(['billing', 'technical', 'shipping', 'other']) });
  const { token } = await createApiToken(db, actor, { projectId: project.id, name: 'bench', expiresInDays: null });
  const headers = new Headers({ authorization: `Bearer ${token}` });
  const meGet = async () => {
    if (!(await resolveActor(db, auth, headers))) throw new Error('the bench token did not resolve');
  };

  const idle = sampleLatency(meGet, REQUEST_INTERVAL_MS);
  await new Promise((resolve) => setTimeout(resolve, BASELINE_MS));
  const baseline = await idle.stop();

  const busy = sampleLatency(meGet, REQUEST_INTERVAL_MS);
  const started = performance.now();
  const result = await importItems(db, null, project.id, fs.createReadStream(file), { format: 'csv', mapping: { textField: 'text', labelField: 'label', idField: 'id' } });
  const importSeconds = (performance.now() - started) / 1000;
  const during = await busy.stop();
  if (result.status !== 'succeeded') throw new Error(`import failed: ${result.error}`);
  const prefixed = (prefix: string, summary: TLatencySummary) => Object.fromEntries(Object.entries(summary).map(([key, value]) => [`${prefix}${key[0]!.toUpperCase()}${key.slice(1)}`, value]));
  return { rows: result.itemsCreated, latency: { importSeconds, ...prefixed('idle', baseline), ...prefixed('during', during) } };
}

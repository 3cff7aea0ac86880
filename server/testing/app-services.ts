import { count, eq } from 'drizzle-orm';
import { items } from '@/db/schema';
import type { TActor } from '@/server/auth/actor';
import type { TAppServices, TBodyLimits } from '@/server/app-services';
import { createApiToken } from '@/server/services/accounts/api-tokens';
import { formatPeerStamp, PEER_ADDRESS_HEADER } from '@/server/security/peer-address';
import { NO_TRUSTED_PROXIES, type TTrustedProxies } from '@/server/security/trusted-proxies';
import type { TTestHarness } from './harness';

type TServicesGlobal = typeof globalThis & { __quorumServices?: Promise<TAppServices> };

/**
 * Makes the app's route handlers (app/api/**\/route.ts) run on the test harness's database, so a
 * test can call their exported GET/POST with a Request as Next would. Returns the undo.
 */
export function installAppServices(
  harness: TTestHarness,
  options: { trustedProxies?: TTrustedProxies; bodyLimits?: Partial<TBodyLimits> } = {},
): () => void {
  const store = globalThis as TServicesGlobal;
  const previous = store.__quorumServices;
  store.__quorumServices = Promise.resolve({
    db: harness.db,
    kind: harness.kind,
    auth: harness.auth,
    trustedProxies: options.trustedProxies ?? NO_TRUSTED_PROXIES,
    bodyLimits: { json: 1024 * 1024, import: 1024 * 1024 * 1024, ...options.bodyLimits },
  });
  return () => {
    store.__quorumServices = previous;
  };
}

/** Headers as the server's peer stamp leaves them: the request came over TCP from `peer`. */
export function headersFromPeer(peer: string, headers: Record<string, string> = {}): Headers {
  return new Headers({ ...headers, [PEER_ADDRESS_HEADER]: formatPeerStamp(peer) });
}

/** A bearer token for `actor` on one project, for requests to the HTTP API and /api/trpc. */
export async function issueApiToken(harness: TTestHarness, actor: TActor, projectId: number): Promise<string> {
  return (await createApiToken(harness.db, actor, { projectId, name: 'test', expiresInDays: null })).token;
}

export async function countProjectItems(harness: TTestHarness, projectId: number): Promise<number> {
  const [row] = await harness.db.select({ n: count() }).from(items).where(eq(items.projectId, projectId));
  return row?.n ?? 0;
}

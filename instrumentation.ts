/**
 * Next.js calls register() once when the server starts. It stamps every request with its TCP peer
 * (route handlers cannot see the socket, and X-Forwarded-For is whatever the client wrote) and
 * starts the in-app background worker (training, rescoring, simulations) on the embedded database.
 * A production server whose embedded database is held by another process stops here.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.NEXT_PHASE === 'phase-production-build') return;
  const { installPeerAddressStamp } = await import('./server/security/peer-address');
  installPeerAddressStamp();
  // Only production: `next dev` may evaluate server code in more than one process of its own.
  if (process.env.NODE_ENV === 'production') {
    const { claimEmbeddedDatabase } = await import('./server/claim-embedded-database');
    await claimEmbeddedDatabase();
  }
  const { startInAppWorker } = await import('./server/worker/in-app');
  startInAppWorker();
}

/**
 * Next.js calls register() once when the server starts. It starts the in-app background
 * worker (training, rescoring, simulations) when Quorum runs on its embedded database.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.NEXT_PHASE === 'phase-production-build') return;
  const { startInAppWorker } = await import('./server/worker/in-app');
  startInAppWorker();
}

import { getAppServices } from './app-services';
import { getEnv } from './env';

/**
 * The embedded database admits one process. A second `next start` on the same data directory used to
 * come up anyway and answer every request with a 500 (the lock error, logged per request): behind a
 * proxy, a server that looks alive. Opening the database at start turns that into a refusal to start.
 * Other failures are left to the requests, which retry opening it.
 */
export async function claimEmbeddedDatabase(): Promise<void> {
  try {
    if (getEnv().DATABASE_URL) return;
    await getAppServices();
  } catch (error) {
    if (error instanceof Error && error.name === 'DatabaseLockedError') {
      console.error(`[quorum] not starting: ${error.message}`);
      process.exit(1);
    }
    console.error('[quorum] the database did not open at start:', error);
  }
}

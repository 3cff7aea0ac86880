import type { Database } from '@/db/client';
import { onLabelsChanged } from './learning-hooks';

type TBatch = { changes: number; done: Promise<void>; release: () => void };
type TProjectChannel = { inFlight: Promise<void> | null; waiting: TBatch | null };

// Per database, then per project. Keyed by the database object so test databases never share batches.
const channels = new WeakMap<Database, Map<number, TProjectChannel>>();

/**
 * Tells the learning loop that `changes` labels changed, after the change has committed. The label is already
 * stored, so a failing hook is logged rather than turned into a failed submission the client would retry.
 *
 * Every submission bumps the project's one learning-state row; fifty annotators doing that one
 * statement each would queue on its row lock. Callers that arrive while a bump is running join one
 * waiting batch, written as a single bump when the running one ends (group commit). Each caller
 * still returns only after its own change is counted; with no concurrency it is one statement, as before.
 */
export async function notifyLabelsChanged(db: Database, projectId: number, changes = 1): Promise<void> {
  if (changes <= 0) return;
  const channel = channelFor(db, projectId);
  if (channel.waiting) {
    channel.waiting.changes += changes;
    return channel.waiting.done;
  }
  if (!channel.inFlight) return runBump(db, projectId, channel, changes);
  let release = () => {};
  const done = new Promise<void>((resolve) => (release = resolve));
  const batch: TBatch = { changes, done, release };
  channel.waiting = batch;
  void channel.inFlight.then(async () => {
    channel.waiting = null;
    await runBump(db, projectId, channel, batch.changes);
    batch.release();
  });
  return done;
}

function channelFor(db: Database, projectId: number): TProjectChannel {
  let projects = channels.get(db);
  if (!projects) channels.set(db, (projects = new Map()));
  let channel = projects.get(projectId);
  if (!channel) projects.set(projectId, (channel = { inFlight: null, waiting: null }));
  return channel;
}

function runBump(db: Database, projectId: number, channel: TProjectChannel, changes: number): Promise<void> {
  const bump = onLabelsChanged(db, projectId, changes).then(
    () => undefined,
    (error: unknown) => console.error(`[queue] onLabelsChanged(${projectId}, ${changes}) failed:`, error),
  );
  channel.inFlight = bump;
  void bump.then(() => {
    if (channel.inFlight === bump) channel.inFlight = null;
  });
  return bump;
}

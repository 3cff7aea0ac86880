import type { Database } from '@/db/client';
import { onLabelsChanged } from './learning-hooks';

/**
 * Tells the learning loop that labels changed, after the change has committed. The label is already
 * stored, so a failing hook is logged rather than turned into a failed submission the client would retry.
 */
export async function notifyLabelsChanged(db: Database, projectId: number): Promise<void> {
  try {
    await onLabelsChanged(db, projectId);
  } catch (error) {
    console.error(`[queue] onLabelsChanged(${projectId}) failed:`, error);
  }
}

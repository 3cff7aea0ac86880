import type { Database } from '@/db/client';
import type { TStructuredValue } from '@/db/schema';
import type { TActor } from '@/server/auth/actor';
import { AppError, type TAppErrorCode } from '@/server/errors';
import { notifyLabelsChanged } from '@/server/services/learning/notify-labels-changed';
import type { TBatchAnswer } from './label-batch-schema';
import { skipItem } from './lease-next-item';
import { leaseTasks } from './lease-tasks';
import type { TQueueTask } from './queue-task';
import { storeAnnotations } from './submit-annotation';

/** What became of one answer: stored (or found stored: a retry), or refused for good with the reason. */
export type TBatchAnswerResult =
  | { clientId: string; itemId: number; status: 'stored'; isDuplicate: boolean; annotationId: number | null; labelId: number | null; value: TStructuredValue | null; undoUntil: Date }
  | { clientId: string; itemId: number; status: 'refused'; code: TAppErrorCode; message: string };

export type TLabelBatchResult = {
  results: TBatchAnswerResult[];
  tasks: TQueueTask[];
  /** The server's clock, so a client can tell how long its leases have left whatever its own clock says. */
  serverTime: Date;
};

/**
 * One exchange of the batched labeling path: stores the answers, in order, each exactly once per
 * client id (labels through storeAnnotations, skips through skipItem: the same rules as one at a
 * time) and tells the learning loop once, while it leases up to `want` more tasks outside the items
 * the client holds or just answered. A refused answer (the reservation expired and the item was taken, a label
 * not in the project) is reported and the rest go on; any other failure fails the exchange, and the
 * client sends it again: stored answers then come back as duplicates.
 */
export async function exchangeLabelBatch(
  db: Database,
  actor: TActor,
  input: { projectId: number; answers: readonly TBatchAnswer[]; holdItemIds: readonly number[]; want: number },
): Promise<TLabelBatchResult> {
  const results: TBatchAnswerResult[] = [];
  const refused = (answer: TBatchAnswer, error: unknown): TBatchAnswerResult => {
    if (!(error instanceof AppError) || error.code === 'TOO_MANY_REQUESTS') throw error;
    return { clientId: answer.clientId, itemId: answer.itemId, status: 'refused', code: error.code, message: error.message };
  };
  // The new leases do not depend on this exchange's answers (answered items are excluded by id), so
  // they are taken while the answers are stored: the exchange waits for the slower of the two.
  const answered = input.answers.map((answer) => answer.itemId);
  const leasing = input.want > 0 ? leaseTasks(db, actor, { projectId: input.projectId, count: input.want, excludeItemIds: [...input.holdItemIds, ...answered] }) : Promise.resolve([]);
  // Awaited below; its failure must not go unhandled if storing fails first.
  leasing.catch(() => {});
  const labels = input.answers.filter((answer) => answer.skipReason === undefined);
  const labelResults = await storeAnnotations(
    db,
    actor,
    input.projectId,
    labels.map((answer) => ({ ...answer, projectId: input.projectId })),
  );
  // storeAnnotations answers in the order it was asked: the labels' results come back one by one.
  let nextLabel = 0;
  let stored = 0;
  for (const answer of input.answers) {
    if (answer.skipReason === undefined) {
      const result = labelResults[nextLabel++];
      if (result === undefined || result instanceof AppError) {
        results.push(refused(answer, result));
        continue;
      }
      if (!result.isDuplicate) stored++;
      results.push({
        clientId: answer.clientId,
        itemId: answer.itemId,
        status: 'stored',
        isDuplicate: result.isDuplicate,
        annotationId: result.annotationId,
        labelId: result.labelId,
        value: result.value,
        undoUntil: result.undoUntil,
      });
      continue;
    }
    try {
      const skip = await skipItem(db, actor, { projectId: input.projectId, itemId: answer.itemId, reason: answer.skipReason, clientId: answer.clientId });
      results.push({ clientId: answer.clientId, itemId: answer.itemId, status: 'stored', isDuplicate: skip.isDuplicate, annotationId: null, labelId: null, value: null, undoUntil: skip.undoUntil });
    } catch (error) {
      results.push(refused(answer, error));
    }
  }
  const [tasks] = await Promise.all([leasing, notifyLabelsChanged(db, input.projectId, stored)]);
  return { results, tasks, serverTime: new Date() };
}

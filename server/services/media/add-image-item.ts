import { createProjectImportAnswers } from '@/server/services/data/import-answers';
import { and, eq, isNull } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { items } from '@/db/schema';
import type { TActor } from '@/server/auth/actor';
import { AppError } from '@/server/errors';
import { createImportCounters } from '@/server/import/import-report';
import { recordAuditEvent } from '@/server/services/audit/audit-events';
import { createBatchWriter } from '@/server/services/data/import-batch-writer';
import { onItemsImported } from '@/server/services/learning/learning-hooks';
import { getProject, type TProjectDetail } from '@/server/services/projects/projects';
import type { TMediaContext } from './media-context';
import { ImageRejectedError } from './normalize-image';
import { storeImage, type TStoredImage } from './store-image';

export const MAX_FILE_NAME_CHARS = 255;

export type TAddImageInput = {
  /** Shown to annotators as the item's text; any folders in it are dropped. */
  fileName: string;
  bytes: Uint8Array;
  /** Known answer (gold label), by name; null: none. */
  label?: string | null;
};

export type TAddedImage = { itemId: number; isDuplicate: boolean; image: TStoredImage };

/** A browser sends one request per image: the cold-start ordering waits this long for the rest of the batch. */
const UPLOAD_BURST_SETTLE_MS = 3_000;

/**
 * Adds one uploaded image to an image project as an item: the image is checked and stored
 * (storeImage), then the item is written the way an import writes rows (same seeded order, same
 * evaluation and gold-check draw). Images are added one file at a time: a bad file is refused on its
 * own and the others still go in, which is what someone dropping a folder of photos expects. The same
 * image twice in a project is one item (its content hash is the image's hash): the second upload
 * reports a duplicate and changes nothing.
 */
export async function addImageItem(db: Database, media: Pick<TMediaContext, 'store' | 'limits'>, actor: TActor | null, projectId: number, input: TAddImageInput): Promise<TAddedImage> {
  const project = await getProject(db, projectId);
  assertImageProject(project);
  const fileName = cleanFileName(input.fileName);
  const labelIds = new Map(project.labels.map((label) => [label.name, label.id]));
  const label = input.label?.trim() || null;
  if (label !== null && !labelIds.has(label)) {
    throw new AppError('BAD_REQUEST', `Unknown label "${label.slice(0, 100)}": this project's labels are ${project.labels.map((entry) => entry.name).join(', ')}`);
  }
  let image: TStoredImage;
  try {
    image = await storeImage(db, media, input.bytes);
  } catch (error) {
    if (error instanceof ImageRejectedError) throw new AppError('BAD_REQUEST', error.message);
    throw error;
  }
  const writer = createBatchWriter(project.id, createProjectImportAnswers(project), project.settings, new Map());
  const counters = createImportCounters();
  const itemId = await db.transaction(async (tx) => {
    await writer.write(tx, [{ row: 1, externalId: null, text: fileName, goldLabel: label, metadata: {}, annotations: [], predictions: [], contentHash: image.hash, mediaHash: image.hash }], counters);
    const [item] = await tx
      .select({ id: items.id })
      .from(items)
      .where(and(eq(items.projectId, project.id), eq(items.contentHash, image.hash), isNull(items.externalId)));
    if (!item) throw new Error('image item not found after writing it');
    if (counters.itemsCreated > 0) {
      await recordAuditEvent(tx, { actor, projectId: project.id, action: 'data.image_upload', subjectType: 'item', subjectId: item.id, after: { fileName, hash: image.hash, label } });
    }
    return item.id;
  });
  if (counters.itemsCreated > 0) await onItemsImported(db, project.id, { settleMs: UPLOAD_BURST_SETTLE_MS });
  return { itemId, isDuplicate: counters.itemsCreated === 0, image };
}

export function assertImageProject(project: Pick<TProjectDetail, 'taskType'>): void {
  if (project.taskType !== 'image_classification') throw new AppError('BAD_REQUEST', 'This project does not label images: create an image classification project for them');
}

/** The last path segment, without control characters, at most MAX_FILE_NAME_CHARS: it is shown as the item's text. */
export function cleanFileName(raw: string): string {
  const name = (raw.split(/[/\\]/).pop() ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim();
  if (!name) throw new AppError('BAD_REQUEST', 'Give the image a file name');
  return [...name].slice(0, MAX_FILE_NAME_CHARS).join('');
}

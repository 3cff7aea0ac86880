import type { TActor } from '@/server/auth/actor';
import type { EXPORT_FORMATS } from '@/server/export';
import { previewImport } from '@/server/import';
import { streamProjectExport } from '@/server/services/data/export-project';
import { importItems } from '@/server/services/data/import-items';
import type { TTestHarness } from './harness';

/** The name a browser gives each export format's download. */
export const EXPORT_FILE_NAMES = { jsonl: 'export.jsonl', csv: 'export.csv', 'label-studio': 'export.json', spacy: 'export.jsonl' } as const;
/** What the upload form sends to the preview. */
const PREVIEW_BYTES = 256 * 1024;

export async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

/**
 * A project's export in `format` read back into `targetId` as a user does it: download, upload, and
 * the preview's suggested format and mapping accepted unchanged.
 */
export async function reimportExport(
  harness: TTestHarness,
  actor: TActor,
  { sourceId, targetId, format, isSpans = false }: { sourceId: number; targetId: number; format: (typeof EXPORT_FORMATS)[number]; isSpans?: boolean },
) {
  const file = await readAll(streamProjectExport(harness.db, sourceId, { format, status: 'all' }));
  const preview = await previewImport(file.subarray(0, PREVIEW_BYTES), { fileName: EXPORT_FILE_NAMES[format], isSpans });
  const result = await importItems(harness.db, actor, targetId, file, { format: preview.format, fileName: EXPORT_FILE_NAMES[format], mapping: preview.suggestedMapping });
  return { preview, result };
}

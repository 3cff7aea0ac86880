import fs from 'node:fs/promises';
import path from 'node:path';
import { Command } from 'commander';
import type { Database } from '@/db/client';
import { AppError } from '@/server/errors';
import { addImageItem } from '@/server/services/media/add-image-item';
import { getMediaContext } from '@/server/services/media/media-context';
import { createProgress } from '../progress';
import { describeRemoteOptions, requireProjectId, resolveRemote, withLocalDatabase, type TRemote, type TRemoteOptions } from '../target';
import { collectImageFiles, type TImageFile } from './collect-image-files';

type TImportImagesOptions = TRemoteOptions & { project: string; labelFromFolder?: boolean; pathField?: string; labelField?: string; json?: boolean };
type TOutcome = { file: string; status: 'added' | 'duplicate' | 'refused'; message?: string };

/** Files uploaded at once to a server; locally one at a time is as fast (sharp uses the cores). */
const REMOTE_CONCURRENCY = 4;
/** Never read a file larger than this into memory; the server's own limit is usually far lower. */
const MAX_READ_BYTES = 256 * 1024 * 1024;

export function importImagesCommand(): Command {
  const remote = describeRemoteOptions();
  return new Command('import-images')
    .description('Upload images into an image project: a folder (labels optionally from subfolder names) or a CSV/JSONL file of image paths')
    .argument('<source>', 'a folder of images, or a .csv / .jsonl file listing image paths (relative to the file)')
    .requiredOption('--project <slug>', 'image project to upload into')
    .option('--label-from-folder', 'folders: each image is gold-labeled with the name of the subfolder it is in (cats/tom.jpg → cats)')
    .option('--path-field <field>', 'CSV/JSONL: the field holding each image path (default: path, file, filename, image)')
    .option('--label-field <field>', 'CSV/JSONL: the field holding a gold label')
    .option('--json', 'print every file’s outcome as JSON')
    .option(...remote.url)
    .option(...remote.token)
    .action(async (source: string, options: TImportImagesOptions) => {
      const files = await collectImageFiles(source, options);
      if (files.length === 0) throw new Error(`no images found in ${source} (JPEG, PNG, WebP, GIF, AVIF, TIFF)`);
      const target = resolveRemote(options);
      const progress = createProgress({ label: 'uploading', total: files.length, isSilent: options.json });
      const outcomes: TOutcome[] = [];
      const onDone = (outcome: TOutcome) => {
        outcomes.push(outcome);
        progress.update(outcomes.length, `${outcomes.filter((entry) => entry.status === 'refused').length} refused`);
      };
      try {
        if (target) await uploadRemote(target, options.project, files, onDone);
        else await withLocalDatabase((db) => uploadLocal(db, options.project, files, onDone));
      } finally {
        progress.stop();
      }
      const refused = outcomes.filter((outcome) => outcome.status === 'refused');
      if (options.json) process.stdout.write(`${JSON.stringify(outcomes, null, 2)}\n`);
      else {
        const count = (status: TOutcome['status']) => outcomes.filter((outcome) => outcome.status === status).length;
        const lines = [`imported ${files.length.toLocaleString('en')} images from ${source} into ${options.project}: ${count('added').toLocaleString('en')} new items, ${count('duplicate').toLocaleString('en')} already there, ${refused.length.toLocaleString('en')} refused`];
        for (const outcome of refused.slice(0, 20)) lines.push(`  ${outcome.file}: ${outcome.message}`);
        if (refused.length > 20) lines.push(`  … and ${refused.length - 20} more (use --json for the list)`);
        process.stdout.write(`${lines.join('\n')}\n`);
      }
      if (refused.length > 0) throw new Error(`${refused.length} of ${files.length} images refused; the others were added`);
    });
}

async function readImageFile(file: TImageFile): Promise<Uint8Array | string> {
  const stat = await fs.stat(file.filePath).catch(() => null);
  if (!stat?.isFile()) return 'no such file';
  if (stat.size > MAX_READ_BYTES) return `larger than ${MAX_READ_BYTES / 1024 / 1024} MB`;
  return new Uint8Array(await fs.readFile(file.filePath));
}

async function uploadLocal(db: Database, slug: string, files: TImageFile[], onDone: (outcome: TOutcome) => void): Promise<void> {
  const projectId = await requireProjectId(db, slug);
  const media = getMediaContext();
  for (const file of files) {
    const shown = path.relative(process.cwd(), file.filePath);
    const bytes = await readImageFile(file);
    if (typeof bytes === 'string') {
      onDone({ file: shown, status: 'refused', message: bytes });
      continue;
    }
    try {
      const added = await addImageItem(db, media, null, projectId, { fileName: file.fileName, bytes, label: file.label });
      onDone({ file: shown, status: added.isDuplicate ? 'duplicate' : 'added' });
    } catch (error) {
      // The project itself is wrong (not an image project): every file would fail the same way.
      if (error instanceof AppError && /does not label images/.test(error.message)) throw new Error(error.message);
      if (!(error instanceof AppError)) throw error;
      onDone({ file: shown, status: 'refused', message: error.message });
    }
  }
}

async function uploadRemote(target: TRemote, slug: string, files: TImageFile[], onDone: (outcome: TOutcome) => void): Promise<void> {
  const queue = [...files];
  const work = async () => {
    for (let file = queue.shift(); file; file = queue.shift()) {
      const shown = path.relative(process.cwd(), file.filePath);
      const bytes = await readImageFile(file);
      if (typeof bytes === 'string') {
        onDone({ file: shown, status: 'refused', message: bytes });
        continue;
      }
      const query = new URLSearchParams({ fileName: file.fileName, ...(file.label ? { label: file.label } : {}) });
      let response: Response;
      try {
        response = await fetch(`${target.baseUrl}/api/v1/projects/${encodeURIComponent(slug)}/images?${query}`, {
          method: 'POST',
          body: bytes as Uint8Array<ArrayBuffer>,
          headers: { authorization: `Bearer ${target.token}`, 'content-type': 'application/octet-stream' },
        });
      } catch (error) {
        throw new Error(`cannot reach ${target.baseUrl}: ${error instanceof Error ? error.message : String(error)}`);
      }
      const body = (await response.json().catch(() => ({}))) as { isDuplicate?: boolean; error?: { message?: string } };
      if (response.status === 401 || response.status === 403 || response.status === 404) throw new Error(`${response.status} from the server: ${body.error?.message ?? response.statusText}`);
      if (!response.ok) onDone({ file: shown, status: 'refused', message: body.error?.message ?? `HTTP ${response.status}` });
      else onDone({ file: shown, status: body.isDuplicate ? 'duplicate' : 'added' });
    }
  };
  await Promise.all(Array.from({ length: Math.min(REMOTE_CONCURRENCY, files.length) }, work));
}

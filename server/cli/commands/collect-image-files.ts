import fs from 'node:fs/promises';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';

/** One local image to upload: where it is, the name shown with it, and an optional gold label. */
export type TImageFile = { filePath: string; fileName: string; label: string | null };

export const IMAGE_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png', '.webp', '.gif', '.avif', '.tif', '.tiff']);
/** More files than this in one run is a mistake (the wrong folder) more often than a plan. */
export const MAX_IMAGE_FILES = 1_000_000;

export type TCollectOptions = {
  /** Folders: each image's label is the name of the subfolder it sits in (cats/tom.jpg → cats). */
  labelFromFolder?: boolean;
  /** CSV/JSONL: the field holding the path (default: path, file, filename, image or file_name). */
  pathField?: string;
  /** CSV/JSONL: the field holding a gold label. */
  labelField?: string;
};

const PATH_FIELDS = ['path', 'file', 'filename', 'file_name', 'image', 'image_path'];

/**
 * The images a `quorum import-images` run uploads: every image file under a folder (sorted, hidden
 * files skipped), or the paths listed in a CSV or JSONL file (relative to that file). URLs are not
 * paths: files of image URLs are imported by the server (`quorum import --image-field`).
 */
export async function collectImageFiles(source: string, options: TCollectOptions = {}): Promise<TImageFile[]> {
  const stat = await fs.stat(source).catch(() => null);
  if (!stat) throw new Error(`no such file or folder: ${source}`);
  if (stat.isDirectory()) return collectFolder(source, options);
  const extension = path.extname(source).toLowerCase();
  if (extension === '.csv' || extension === '.jsonl') return collectListed(source, extension, options);
  throw new Error('give a folder of images, or a .csv or .jsonl file listing image paths');
}

async function collectFolder(root: string, options: TCollectOptions): Promise<TImageFile[]> {
  const entries = await fs.readdir(root, { recursive: true, withFileTypes: true });
  const files: TImageFile[] = [];
  for (const entry of entries) {
    if (!entry.isFile() || !IMAGE_EXTENSIONS.has(path.extname(entry.name).toLowerCase())) continue;
    const filePath = path.join(entry.parentPath, entry.name);
    const relative = path.relative(root, filePath);
    if (relative.split(path.sep).some((part) => part.startsWith('.'))) continue;
    const folder = path.dirname(relative);
    files.push({ filePath, fileName: entry.name, label: options.labelFromFolder && folder !== '.' ? folder.split(path.sep)[0]! : null });
    if (files.length > MAX_IMAGE_FILES) throw new Error(`more than ${MAX_IMAGE_FILES.toLocaleString('en')} images under ${root}`);
  }
  return files.sort((a, b) => a.filePath.localeCompare(b.filePath));
}

async function collectListed(file: string, extension: string, options: TCollectOptions): Promise<TImageFile[]> {
  const text = await fs.readFile(file, 'utf8');
  const rows: Record<string, unknown>[] =
    extension === '.csv'
      ? (parseCsv(text, { columns: true, skip_empty_lines: true, bom: true }) as Record<string, unknown>[])
      : text
          .split('\n')
          .map((line, index) => ({ line: line.trim(), index }))
          .filter(({ line }) => line.length > 0)
          .map(({ line, index }) => {
            try {
              return JSON.parse(line) as Record<string, unknown>;
            } catch {
              throw new Error(`line ${index + 1} of ${path.basename(file)} is not JSON`);
            }
          });
  if (rows.length > MAX_IMAGE_FILES) throw new Error(`more than ${MAX_IMAGE_FILES.toLocaleString('en')} rows in ${file}`);
  const fields = rows[0] ? Object.keys(rows[0]) : [];
  const pathField = options.pathField ?? PATH_FIELDS.find((name) => fields.includes(name));
  if (!pathField) throw new Error(`which field holds the image path? (fields: ${fields.join(', ') || 'none'}); pass --path-field`);
  const base = path.dirname(file);
  return rows.map((row, index) => {
    const value = row[pathField];
    if (typeof value !== 'string' || value.trim() === '') throw new Error(`row ${index + 1}: no image path in "${pathField}"`);
    if (/^https?:\/\//i.test(value)) throw new Error(`row ${index + 1}: "${value.slice(0, 80)}" is a URL; files of image URLs are imported by the server: quorum import ${path.basename(file)} --image-field ${pathField}`);
    const label = options.labelField ? row[options.labelField] : null;
    return { filePath: path.resolve(base, value.trim()), fileName: path.basename(value.trim()), label: typeof label === 'string' && label.trim() ? label.trim() : null };
  });
}

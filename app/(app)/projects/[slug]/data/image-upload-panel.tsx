'use client';

import { useRouter } from 'next/navigation';
import { useId, useState } from 'react';
import { Alert } from '@/app/_components/alert';
import { VisibleText } from '@/app/_components/visible-text';

type TFileOutcome = { name: string; status: 'added' | 'duplicate' | 'refused'; message?: string };

/** Files sent at once: keeps the connection busy without queueing every file on the server. */
const UPLOAD_CONCURRENCY = 3;
/** Largest selection handled in one go; a bigger folder goes through `quorum import-images`. */
export const MAX_FILES_PER_UPLOAD = 2_000;

/**
 * Uploads many images into an image project, one request per file: each file is added or refused on
 * its own (a damaged photo does not hold back the other hundred), with a running count and the
 * refused files listed with their reasons. An optional label is stored as every file's gold label.
 */
export function ImageUploadPanel({ slug, labels }: { slug: string; labels: string[] }) {
  const router = useRouter();
  const inputId = useId();
  const labelId = useId();
  const [files, setFiles] = useState<File[]>([]);
  const [label, setLabel] = useState('');
  const [outcomes, setOutcomes] = useState<TFileOutcome[]>([]);
  const [isUploading, setIsUploading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function uploadOne(file: File): Promise<TFileOutcome> {
    const query = new URLSearchParams({ fileName: file.name, ...(label ? { label } : {}) });
    try {
      const response = await fetch(`/api/v1/projects/${encodeURIComponent(slug)}/images?${query}`, { method: 'POST', body: file, headers: { 'content-type': 'application/octet-stream' } });
      const body = (await response.json().catch(() => ({}))) as { isDuplicate?: boolean; error?: { message?: string } };
      if (!response.ok) return { name: file.name, status: 'refused', message: body.error?.message ?? `HTTP ${response.status}` };
      return { name: file.name, status: body.isDuplicate ? 'duplicate' : 'added' };
    } catch {
      return { name: file.name, status: 'refused', message: 'The connection failed' };
    }
  }

  async function upload() {
    if (files.length === 0) return;
    setIsUploading(true);
    setOutcomes([]);
    setError(null);
    const queue = [...files];
    const done: TFileOutcome[] = [];
    const worker = async () => {
      for (let file = queue.shift(); file; file = queue.shift()) {
        done.push(await uploadOne(file));
        setOutcomes([...done]);
      }
    };
    await Promise.all(Array.from({ length: Math.min(UPLOAD_CONCURRENCY, files.length) }, worker));
    setIsUploading(false);
    setFiles([]);
    router.refresh();
  }

  const count = (status: TFileOutcome['status']) => outcomes.filter((outcome) => outcome.status === status).length;
  const refused = outcomes.filter((outcome) => outcome.status === 'refused');
  return (
    <section className="card space-y-3" aria-labelledby={`${inputId}-title`}>
      <h2 id={`${inputId}-title`} className="text-base font-semibold text-slate-900">
        Upload images
      </h2>
      <p className="text-sm text-slate-700">JPEG, PNG, WebP, GIF (first frame), AVIF or TIFF. Each file becomes an item; its file name is shown with it.</p>
      <div className="flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor={inputId} className="block text-sm font-medium text-slate-800">
            Images
          </label>
          <input
            id={inputId}
            type="file"
            multiple
            accept="image/jpeg,image/png,image/webp,image/gif,image/avif,image/tiff"
            className="mt-1 text-sm"
            disabled={isUploading}
            onChange={(event) => {
              const chosen = [...(event.target.files ?? [])];
              setError(chosen.length > MAX_FILES_PER_UPLOAD ? `Choose at most ${MAX_FILES_PER_UPLOAD} files at once (use quorum import-images for a whole folder)` : null);
              setFiles(chosen.slice(0, MAX_FILES_PER_UPLOAD));
              setOutcomes([]);
            }}
          />
        </div>
        <div>
          <label htmlFor={labelId} className="block text-sm font-medium text-slate-800">
            Gold label (optional)
          </label>
          <select id={labelId} className="input mt-1" value={label} onChange={(event) => setLabel(event.target.value)} disabled={isUploading}>
            <option value="">None</option>
            {labels.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <button type="button" className="btn-primary" onClick={upload} disabled={isUploading || files.length === 0}>
          {isUploading ? 'Uploading…' : files.length > 0 ? `Upload ${files.length} image${files.length === 1 ? '' : 's'}` : 'Upload'}
        </button>
      </div>
      {error ? <Alert tone="error">{error}</Alert> : null}
      {outcomes.length > 0 ? (
        <div className="space-y-2">
          {isUploading ? <progress className="w-full" max={files.length} value={outcomes.length} aria-label="Upload progress" /> : null}
          <p role="status" className="text-sm text-slate-800" data-testid="image-upload-summary">
            {isUploading ? `${outcomes.length} of ${files.length} sent: ` : ''}
            {count('added')} added, {count('duplicate')} already in the project, {refused.length} refused
          </p>
          {refused.length > 0 ? (
            <ul className="max-h-48 space-y-1 overflow-y-auto text-sm" aria-label="Refused files">
              {refused.map((outcome, index) => (
                <li key={`${outcome.name}-${index}`} className="rounded bg-red-50 px-2 py-1 text-red-900">
                  <span className="font-medium">
                    <VisibleText text={outcome.name} />
                  </span>
                  : {outcome.message}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

import type { TImportResult } from '@/server/import/import-report';

export type TUploadProgress = { uploaded: number; rowsRead: number };

type TEvent = ({ type: 'progress' } & TUploadProgress) | ({ type: 'result' } & TImportResult) | { type: 'error'; message: string };

/**
 * Sends the file with XMLHttpRequest (fetch cannot report upload progress, and browsers stream
 * request bodies only over HTTP/2) and reads the server's progress lines as they arrive.
 */
export function uploadImport(url: string, file: File, onProgress: (progress: TUploadProgress) => void): Promise<TImportResult> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    let uploaded = 0;
    let rowsRead = 0;
    let consumed = 0;
    let result: TImportResult | null = null;
    let failure: string | null = null;

    const readEvents = () => {
      const text = request.responseText;
      let newline = text.indexOf('\n', consumed);
      while (newline !== -1) {
        const line = text.slice(consumed, newline).trim();
        consumed = newline + 1;
        newline = text.indexOf('\n', consumed);
        if (!line) continue;
        const event = JSON.parse(line) as TEvent;
        if (event.type === 'progress') rowsRead = event.rowsRead;
        else if (event.type === 'result') result = event;
        else failure = event.message;
      }
      onProgress({ uploaded, rowsRead });
    };

    request.open('POST', url);
    request.setRequestHeader('accept', 'application/x-ndjson');
    request.setRequestHeader('content-type', 'application/octet-stream');
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) uploaded = event.loaded / event.total;
      onProgress({ uploaded, rowsRead });
    };
    request.onprogress = () => {
      if (request.getResponseHeader('content-type')?.includes('ndjson')) readEvents();
    };
    request.onload = () => {
      if (!request.getResponseHeader('content-type')?.includes('ndjson')) {
        const body = (() => {
          try {
            return JSON.parse(request.responseText) as { error?: { message?: string } };
          } catch {
            return null;
          }
        })();
        reject(new Error(body?.error?.message ?? `The server answered ${request.status}`));
        return;
      }
      uploaded = 1;
      readEvents();
      if (result) resolve(result);
      else reject(new Error(failure ?? 'The import ended without a report'));
    };
    request.onerror = () => reject(new Error('The connection to the server was lost; nothing was imported unless the report says so. Try again: re-importing skips duplicates.'));
    request.send(file);
  });
}

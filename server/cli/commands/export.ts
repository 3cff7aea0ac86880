import fs from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Command, Option } from 'commander';
import { EXPORT_FORMATS, type TExportFormat } from '@/server/export';
import { assertExportFormat, countExportItems, EXPORT_STATUSES, streamProjectExport, type TExportStatus } from '@/server/services/data/export-project';
import { countBytes, createProgress, formatBytes } from '../progress';
import { describeRemoteOptions, fetchRemote, requireProjectId, resolveRemote, withLocalDatabase, type TRemoteOptions } from '../target';

type TExportCliOptions = TRemoteOptions & { project: string; format: TExportFormat; status: TExportStatus; out?: string };

/**
 * One line once the export is written: how many items, how large, where. With --out it is the
 * command's output; without, stdout is the export itself and the line goes to stderr.
 */
export function formatExportSummary(summary: { items: number | null; bytes: number; format: TExportFormat; status: TExportStatus; project: string; out?: string }): string {
  const items = summary.items === null ? '' : `${summary.items.toLocaleString('en')} item${summary.items === 1 ? '' : 's'} `;
  const which = summary.status === 'all' ? '' : ` (${summary.status} only)`;
  return `exported ${items}of ${summary.project}${which} as ${summary.format}, ${formatBytes(summary.bytes)}, to ${summary.out ?? 'standard output'}\n`;
}

export function exportCommand(): Command {
  const remote = describeRemoteOptions();
  return new Command('export')
    .description('Export a project: items, every annotation, final labels, gold labels and the latest prediction')
    .requiredOption('--project <slug>', 'project to export')
    .addOption(new Option('--format <format>', 'output format').choices(EXPORT_FORMATS).default('jsonl'))
    .addOption(new Option('--status <status>', 'which items').choices(EXPORT_STATUSES).default('all'))
    .option('--out <file>', 'write to this file instead of standard output')
    .option(...remote.url)
    .option(...remote.token)
    .action(async (options: TExportCliOptions) => {
      const destination = options.out ? fs.createWriteStream(options.out) : process.stdout;
      const target = resolveRemote(options);
      let items: number | null = null;
      let bytes = 0;
      let total: number | undefined;
      const progress = { current: createProgress({ label: 'exporting', isSilent: true }) };
      const startProgress = () => {
        progress.current = createProgress({ label: 'exporting', total, formatValue: (value) => `${value.toLocaleString('en')} items` });
      };
      const counter = countBytes((count) => {
        bytes = count;
      });
      try {
        if (target) {
          const query = new URLSearchParams({ format: options.format, status: options.status });
          const response = await fetchRemote(target, `/api/v1/projects/${encodeURIComponent(options.project)}/export?${query}`);
          if (!response.body) throw new Error('the server sent no export');
          const header = response.headers.get('x-quorum-item-count');
          items = header === null ? null : Number(header);
          const bytesProgress = createProgress({ label: 'exporting', formatValue: formatBytes });
          const remoteCounter = countBytes((count) => {
            bytes = count;
            bytesProgress.update(count, items === null ? undefined : `${items.toLocaleString('en')} items`);
          });
          try {
            await pipeline(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream<Uint8Array>), remoteCounter, destination);
          } finally {
            bytesProgress.stop();
          }
        } else {
          await withLocalDatabase(async (db) => {
            const projectId = await requireProjectId(db, options.project);
            await assertExportFormat(db, projectId, options.format);
            total = await countExportItems(db, projectId, options.status);
            startProgress();
            items = 0;
            const stream = streamProjectExport(db, projectId, {
              format: options.format,
              status: options.status,
              onItems: (count) => {
                items = count;
                progress.current.update(count);
              },
            });
            await pipeline(stream, counter, destination, { end: destination !== process.stdout });
          });
        }
      } finally {
        progress.current.stop();
      }
      const line = formatExportSummary({ items, bytes, format: options.format, status: options.status, project: options.project, out: options.out });
      (options.out ? process.stdout : process.stderr).write(line);
    });
}

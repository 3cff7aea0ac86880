import fs from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Command, Option } from 'commander';
import { EXPORT_FORMATS, type TExportFormat } from '@/server/export';
import { EXPORT_STATUSES, streamProjectExport, type TExportStatus } from '@/server/services/data/export-project';
import { describeRemoteOptions, fetchRemote, requireProjectId, resolveRemote, withLocalDatabase, type TRemoteOptions } from '../target';

type TExportCliOptions = TRemoteOptions & { project: string; format: TExportFormat; status: TExportStatus; out?: string };

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
      if (target) {
        const query = new URLSearchParams({ format: options.format, status: options.status });
        const response = await fetchRemote(target, `/api/v1/projects/${encodeURIComponent(options.project)}/export?${query}`);
        if (!response.body) throw new Error('the server sent no export');
        await pipeline(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream<Uint8Array>), destination);
        return;
      }
      await withLocalDatabase(async (db) => {
        const projectId = await requireProjectId(db, options.project);
        await pipeline(streamProjectExport(db, projectId, { format: options.format, status: options.status }), destination, { end: destination !== process.stdout });
      });
    });
}

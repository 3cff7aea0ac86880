import fs from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Command, InvalidArgumentError, Option } from 'commander';
import { DECISION_STATUSES, type TDecisionStatus } from '@/db/schema';
import { DECISION_EXPORT_FORMATS, type TDecisionExportFormat } from '@/server/export/write-decision-records';
import { streamDecisionExport } from '@/server/services/decisions/export-decisions';
import { countBytes, formatBytes } from '../progress';
import { describeRemoteOptions, fetchRemote, requireProjectId, resolveRemote, withLocalDatabase, type TRemoteOptions } from '../target';

type TExportOptions = TRemoteOptions & { project: string; format: TDecisionExportFormat; status?: TDecisionStatus; from?: Date; to?: Date; out?: string };

function parseDate(value: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new InvalidArgumentError('expected a date or time, e.g. 2026-01-31 or 2026-01-31T12:00:00Z');
  return date;
}

export function decisionsCommand(): Command {
  const remote = describeRemoteOptions();
  const decisions = new Command('decisions').description('Decisions other systems sent: export their record');
  decisions
    .command('export')
    .description('Export a project’s decisions with their whole record (input hash, model, policy, route, reviewers, webhooks)')
    .requiredOption('--project <slug>', 'project to export')
    .addOption(new Option('--format <format>', 'output format').choices(DECISION_EXPORT_FORMATS).default('jsonl'))
    .addOption(new Option('--status <status>', 'only decisions in this state').choices(DECISION_STATUSES))
    .option('--from <time>', 'only decisions that arrived at or after this time', parseDate)
    .option('--to <time>', 'only decisions that arrived before this time', parseDate)
    .option('--out <file>', 'write to this file instead of standard output')
    .option(...remote.url)
    .option(...remote.token)
    .action(async (options: TExportOptions) => {
      const destination = options.out ? fs.createWriteStream(options.out) : process.stdout;
      const filter = { status: options.status, from: options.from, to: options.to };
      let bytes = 0;
      const counter = countBytes((count) => {
        bytes = count;
      });
      const target = resolveRemote(options);
      if (target) {
        const query = new URLSearchParams({ format: options.format });
        if (filter.status) query.set('status', filter.status);
        if (filter.from) query.set('from', filter.from.toISOString());
        if (filter.to) query.set('to', filter.to.toISOString());
        const response = await fetchRemote(target, `/api/v1/projects/${encodeURIComponent(options.project)}/decisions/export?${query}`);
        if (!response.body) throw new Error('the server sent no export');
        await pipeline(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream<Uint8Array>), counter, destination, { end: destination !== process.stdout });
      } else {
        await withLocalDatabase(async (db) => {
          const projectId = await requireProjectId(db, options.project);
          await pipeline(streamDecisionExport(db, projectId, options.format, filter), counter, destination, { end: destination !== process.stdout });
        });
      }
      const line = `exported the decisions of ${options.project} as ${options.format}, ${formatBytes(bytes)}, to ${options.out ?? 'standard output'}\n`;
      (options.out ? process.stdout : process.stderr).write(line);
    });
  return decisions;
}

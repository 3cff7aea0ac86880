import { Command, InvalidArgumentError } from 'commander';
import { DEFAULT_SIMULATED_ACCURACIES, runSimulatedLabeling, type TSimulatedLabelingInput, type TSimulatedLabelingResult } from '@/server/services/quality/run-simulated-labeling';
import { createProgress } from '../progress';
import { describeRemoteOptions, fetchRemote, requireProjectId, resolveRemote, withLocalDatabase, type TRemoteOptions } from '../target';

/** Three good annotators and a weak one, so the quality report has someone to flag. */
export const DEFAULT_ACCURACIES = DEFAULT_SIMULATED_ACCURACIES;

type TOptions = TRemoteOptions & { project: string; annotators: number; accuracy?: number[]; items: number; seed: number; days: number; leadTime: number; refresh: boolean };

/** The table of annotators, then one summary line (and the quality report's, when refreshed). */
export function formatSimulatedLabeling(result: TSimulatedLabelingResult, project: string): string {
  const width = Math.max(9, ...result.annotators.map((row) => row.name.length));
  const lines = [`${'annotator'.padEnd(width)}  accuracy  labels  correct`];
  for (const row of result.annotators) {
    const observed = row.submitted > 0 ? `${Math.round((100 * row.correct) / row.submitted)}%` : '—';
    lines.push(`${row.name.padEnd(width)}  ${`${Math.round(row.accuracy * 100)}%`.padStart(8)}  ${String(row.submitted).padStart(6)}  ${observed.padStart(7)}`);
  }
  lines.push(`${result.submitted} labels on ${result.items} items of ${project}${result.withoutGold > 0 ? ` (${result.withoutGold} on items without a gold label, against a made-up truth)` : ''}`);
  if (result.refresh?.state === 'busy') lines.push('quality report: another refresh is running; it will include these labels');
  if (result.refresh?.state === 'done') {
    const { alpha, consensusChanged, consensusLabeled } = result.refresh;
    lines.push(
      `quality report refreshed: Krippendorff's alpha ${alpha === null ? 'not computable' : alpha.toFixed(3)}; consensus set ${consensusChanged} final labels (${consensusLabeled} items decided by consensus)`,
    );
  }
  return `${lines.join('\n')}\n`;
}

export function simulateLabelingCommand(): Command {
  const remote = describeRemoteOptions();
  return new Command('simulate-labeling')
    .description('Simulated annotators of known accuracy label a project through the real queue (gold labels are the truth), then the quality report is refreshed')
    .requiredOption('--project <slug>', 'project to label')
    .option('--annotators <n>', 'number of simulated annotators', parsePositiveInteger, DEFAULT_ACCURACIES.length)
    .option('--accuracy <list>', `accuracy of each annotator, comma-separated (default: ${DEFAULT_ACCURACIES.join(',')}, repeated)`, parseAccuracies)
    .option('--items <n>', 'stop taking new items after this many distinct items got a label (items already started are finished)', parsePositiveInteger, 300)
    .option('--seed <n>', 'seed for answers and lead times', parsePositiveInteger, 1)
    .option('--days <n>', 'date the labels evenly over this many past days (1: now)', parsePositiveInteger, 1)
    .option('--lead-time <ms>', 'median time per label of the first annotator; each next one takes 2 s longer', parsePositiveInteger, 4000)
    .option('--no-refresh', 'do not recompute consensus and the quality report afterwards')
    .option(...remote.url)
    .option(...remote.token)
    .action(async (options: TOptions) => {
      const input: TSimulatedLabelingInput = {
        annotators: options.annotators,
        accuracy: options.accuracy ?? DEFAULT_ACCURACIES,
        items: options.items,
        seed: options.seed,
        days: options.days,
        leadTimeMs: options.leadTime,
        refresh: options.refresh,
      };
      const target = resolveRemote(options);
      let result: TSimulatedLabelingResult;
      if (target) {
        process.stderr.write(`simulating labels on ${options.project} at ${target.baseUrl}…\n`);
        const response = await fetchRemote(target, `/api/v1/projects/${encodeURIComponent(options.project)}/simulate-labeling`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(input),
        });
        result = (await response.json()) as TSimulatedLabelingResult;
      } else {
        const progress = createProgress({ label: 'labeling', total: options.items, formatValue: (value) => `${value.toLocaleString('en')} items` });
        try {
          result = await withLocalDatabase(async (db) =>
            runSimulatedLabeling(db, await requireProjectId(db, options.project), input, ({ submitted, items }) => progress.update(Math.min(items, options.items), `${submitted.toLocaleString('en')} labels`)),
          );
        } finally {
          progress.stop();
        }
      }
      process.stdout.write(formatSimulatedLabeling(result, options.project));
    });
}

function parsePositiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('must be a positive integer.');
  return parsed;
}

function parseAccuracies(value: string): number[] {
  const accuracies = value.split(',').map((part) => Number(part.trim()));
  if (accuracies.length === 0 || accuracies.some((accuracy) => !(accuracy >= 0 && accuracy <= 1))) {
    throw new InvalidArgumentError('accuracies are numbers between 0 and 1, comma-separated.');
  }
  return accuracies;
}

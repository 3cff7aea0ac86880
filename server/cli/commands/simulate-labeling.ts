import { Command, InvalidArgumentError } from 'commander';
import { refreshQualitySnapshot } from '@/server/services/quality/refresh';
import { ensureSimulatedAnnotators, simulateAnnotators } from '@/server/services/quality/simulate-annotators';
import { requireProjectId, withLocalDatabase } from '../target';

/** Three good annotators and a weak one, so the quality report has someone to flag. */
export const DEFAULT_ACCURACIES = [0.95, 0.9, 0.85, 0.65];

type TOptions = { project: string; annotators: number; accuracy?: number[]; items: number; seed: number; days: number; leadTime: number; refresh: boolean };

export function simulateLabelingCommand(): Command {
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
    .action(async (options: TOptions) => {
      await withLocalDatabase(async (db) => {
        const projectId = await requireProjectId(db, options.project);
        const accuracies = options.accuracy ?? DEFAULT_ACCURACIES;
        const accounts = await ensureSimulatedAnnotators(db, projectId, options.annotators);
        const annotators = accounts.map((account, a) => ({ ...account, accuracy: accuracies[a % accuracies.length]!, medianLeadTimeMs: options.leadTime + 2000 * a }));
        let lastReport = 0;
        const result = await simulateAnnotators(db, {
          projectId,
          annotators,
          items: options.items,
          seed: options.seed,
          days: options.days,
          onProgress: ({ submitted, items }) => {
            if (submitted - lastReport < 100) return;
            lastReport = submitted;
            process.stderr.write(`\r${submitted} labels on ${items} items`);
          },
        });
        if (lastReport > 0) process.stderr.write('\n');
        const width = Math.max(9, ...result.annotators.map((row) => row.name.length));
        process.stdout.write(`${'annotator'.padEnd(width)}  accuracy  labels  correct\n`);
        for (const row of result.annotators) {
          const observed = row.submitted > 0 ? `${Math.round((100 * row.correct) / row.submitted)}%` : '—';
          process.stdout.write(`${row.name.padEnd(width)}  ${`${Math.round(row.accuracy * 100)}%`.padStart(8)}  ${String(row.submitted).padStart(6)}  ${observed.padStart(7)}\n`);
        }
        process.stdout.write(`${result.submitted} labels on ${result.items} items${result.withoutGold > 0 ? ` (${result.withoutGold} on items without a gold label, against a made-up truth)` : ''}\n`);
        if (!options.refresh) return;
        const refresh = await refreshQualitySnapshot(db, projectId);
        if (refresh.state === 'busy') {
          process.stdout.write('quality report: another refresh is running; it will include these labels\n');
          return;
        }
        const { agreement, consensus } = refresh.snapshot;
        const alpha = agreement.krippendorff_alpha.value;
        process.stdout.write(
          `quality report refreshed: Krippendorff's alpha ${alpha === null ? 'not computable' : alpha.toFixed(3)}; ` +
            `consensus set ${consensus.itemsChanged} final labels (${consensus.itemsLabeled} items decided by consensus)\n`,
        );
      });
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

import { Command } from 'commander';
import type { Database } from '@/db/client';
import { findProjectsNeedingRefresh, refreshQualitySnapshot } from '@/server/services/quality/refresh';
import { requireProjectId, withLocalDatabase } from '../target';

/**
 * `quorum consensus`: Dawid–Skene consensus written back as final labels, and the quality report
 * recomputed. The app does this when a report is viewed; on a big PostgreSQL installation, run it
 * from cron so final labels stay current without anyone looking.
 */
export function consensusCommand(): Command {
  return new Command('consensus')
    .description('Recompute consensus labels (Dawid–Skene) and the quality report; without --project, for every project with new labels (run it from cron)')
    .option('--project <slug>', 'only this project')
    .action(async (options: { project?: string }) => {
      await withLocalDatabase(async (db) => {
        const targets = options.project ? [{ id: await requireProjectId(db, options.project), slug: options.project }] : await findProjectsNeedingRefresh(db);
        if (targets.length === 0) process.stdout.write('every quality report is current\n');
        for (const target of targets) await refreshOne(db, target);
      });
    });
}

async function refreshOne(db: Database, target: { id: number; slug: string }): Promise<void> {
  const outcome = await refreshQualitySnapshot(db, target.id);
  if (outcome.state === 'busy') {
    process.stdout.write(`${target.slug}: a refresh is already running\n`);
    return;
  }
  const { consensus, annotationCount, durationMs } = outcome.snapshot;
  process.stdout.write(
    `${target.slug}: ${annotationCount} labels; ${consensus.itemsLabeled} items decided by consensus, ${consensus.itemsChanged} final labels changed, ` +
      `${consensus.lowConfidence} low-confidence items (${(durationMs / 1000).toFixed(1)} s)\n`,
  );
}

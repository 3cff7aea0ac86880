import { Command } from 'commander';
import { verifyDecisionLog, type TChainVerdict } from '@/server/services/decisions/append-decision-log';
import { describeRemoteOptions, fetchRemote, requireProjectId, resolveRemote, withLocalDatabase, type TRemoteOptions } from '../target';

type TVerifyOptions = TRemoteOptions & { project: string };

const PROBLEMS: Record<NonNullable<TChainVerdict['break']>['problem'], string> = {
  sequence: 'an entry is missing or out of order',
  link: 'it does not point at the entry before it',
  content: 'its content was changed after it was written',
  head: 'the log ends somewhere other than where its head says',
};

/** One line for an intact log, two for a broken one: where it breaks and what that means. */
export function formatLogVerdict(project: string, verdict: TChainVerdict): string {
  const range = verdict.entries === 0 ? 'no entries' : `${verdict.entries.toLocaleString('en')} entries, seq ${verdict.firstSeq}–${verdict.lastSeq}`;
  if (!verdict.break) return `decision log of ${project}: ${range} checked, OK\n`;
  return `decision log of ${project}: BROKEN at entry ${verdict.break.seq} (${verdict.break.problem}): ${PROBLEMS[verdict.break.problem]}\n  ${range} before it verified\n`;
}

export function auditCommand(): Command {
  const remote = describeRemoteOptions();
  const audit = new Command('audit').description('Check the tamper-evident decision log (audit verify)');
  audit
    .command('verify')
    .description('Re-hash a project’s decision log from its anchor; exits 1 at the first entry that does not check out')
    .requiredOption('--project <slug>', 'project whose log to check')
    .option(...remote.url)
    .option(...remote.token)
    .action(async (options: TVerifyOptions) => {
      const target = resolveRemote(options);
      const verdict = target
        ? ((await (await fetchRemote(target, `/api/v1/projects/${encodeURIComponent(options.project)}/decisions/log/verify`)).json()) as TChainVerdict)
        : await withLocalDatabase(async (db) => verifyDecisionLog(db, await requireProjectId(db, options.project)));
      process.stdout.write(formatLogVerdict(options.project, verdict));
      if (verdict.break) process.exitCode = 1;
    });
  return audit;
}

import { Command, CommanderError, InvalidArgumentError } from 'commander';

type TCommandEntry = { name: string; description: string; load: () => Promise<Command> };

/**
 * Every command, loaded only when it runs: `quorum --help` or `quorum export` never loads
 * TensorFlow.js, and the built CLI (dist/cli) keeps each command in its own chunk. The
 * descriptions here are what `quorum --help` lists; a test checks they match the commands'.
 */
export const COMMANDS: TCommandEntry[] = [
  { name: 'project', description: 'Create and list projects', load: async () => (await import('./commands/project')).projectCommand() },
  {
    name: 'import',
    description: 'Import items (CSV, TSV, JSONL, JSON, Label Studio, spaCy JSONL) into a project; all-or-nothing unless --skip-invalid',
    load: async () => (await import('./commands/import')).importCommand(),
  },
  {
    name: 'import-images',
    description: 'Upload images into an image project: a folder (labels optionally from subfolder names) or a CSV/JSONL file of image paths',
    load: async () => (await import('./commands/import-images')).importImagesCommand(),
  },
  {
    name: 'export',
    description: 'Export a project: items, every annotation, final labels, gold labels and the latest prediction',
    load: async () => (await import('./commands/export')).exportCommand(),
  },
  {
    name: 'agreement',
    description:
      'Inter-annotator agreement as JSON, for single labels (percent, Cohen, Fleiss, Krippendorff, Gwet AC1, Dawid–Skene accuracy), label sets (MASI and Jaccard α, per-label α and κ) or spans (span F1, token α and κ, unitizing α)',
    load: async () => (await import('./commands/agreement')).agreementCommand(),
  },
  {
    name: 'simulate-labeling',
    description: 'Simulated annotators of known accuracy label a project through the real queue (gold labels are the truth), then the quality report is refreshed',
    load: async () => (await import('./commands/simulate-labeling')).simulateLabelingCommand(),
  },
  {
    name: 'consensus',
    description: 'Recompute consensus labels (Dawid–Skene) and the quality report; without --project, for every project with new labels (run it from cron)',
    load: async () => (await import('./commands/consensus')).consensusCommand(),
  },
  {
    name: 'simulate',
    description: "Backtest sampling strategies on a labeled file or a project's gold answers: labels, label sets, spans or images act as the oracle",
    load: async () => (await import('./commands/simulate')).simulateCommand(),
  },
  {
    name: 'threshold',
    description: 'Certify a confidence threshold on uniformly drawn calibration cases (Learn then Test): the model decides alone at or above it; prints JSON',
    load: async () => (await import('./commands/threshold')).thresholdCommand(),
  },
  {
    name: 'decide',
    description: 'Send a case (or a JSON Lines file of cases) to a project for a decision, through a running server; prints JSON',
    load: async () => (await import('./commands/decide')).decideCommand(),
  },
  { name: 'audit', description: 'Check the tamper-evident decision log (audit verify)', load: async () => (await import('./commands/audit')).auditCommand() },
  { name: 'decisions', description: 'Decisions other systems sent: export their record', load: async () => (await import('./commands/decisions')).decisionsCommand() },
  { name: 'worker', description: 'Run background jobs (training, rescoring, simulations) until stopped', load: async () => (await import('./commands/worker')).workerCommand() },
];

/** The first argument that is not an option: the command asked for, if any. */
function findCommandName(argv: string[]): string | undefined {
  return argv.slice(2).find((arg) => !arg.startsWith('-'));
}

/**
 * The program with the asked-for command loaded (all of them with `all`); the others are listed by
 * name and description only, which is all `quorum --help` shows of them.
 */
export async function buildProgram(argv: string[] | 'all' = 'all'): Promise<Command> {
  const program = new Command('quorum')
    .description('Quorum: human-in-the-loop labeling and active learning')
    .version('0.1.0')
    .showHelpAfterError();
  const wanted = argv === 'all' ? null : findCommandName(argv);
  for (const entry of COMMANDS) {
    if (argv === 'all' || entry.name === wanted) program.addCommand(await entry.load());
    else program.command(entry.name).description(entry.description);
  }
  return program;
}

/** addCommand does not pass settings down, so exit handling is applied to every command explicitly. */
function applyExitOverride(command: Command): void {
  command.exitOverride();
  for (const sub of command.commands) applyExitOverride(sub);
}

/** Runs the CLI; every failure ends as one line on stderr and a non-zero exit code. */
export async function runCli(argv: string[]): Promise<void> {
  try {
    const program = await buildProgram(argv);
    applyExitOverride(program);
    await program.parseAsync(argv);
  } catch (error) {
    // Commander has printed its own errors and the help/version text (an option parser's
    // InvalidArgumentError comes back as a plain CommanderError); one an action throws it has not.
    if (error instanceof CommanderError && !(error instanceof InvalidArgumentError)) {
      process.exitCode = error.exitCode;
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`quorum: ${message.split('\n')[0]}\n`);
    process.exitCode = 1;
  }
}

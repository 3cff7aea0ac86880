import { Command, CommanderError } from 'commander';
import { agreementCommand } from './commands/agreement';
import { consensusCommand } from './commands/consensus';
import { exportCommand } from './commands/export';
import { importCommand } from './commands/import';
import { projectCommand } from './commands/project';
import { simulateCommand } from './commands/simulate';
import { simulateLabelingCommand } from './commands/simulate-labeling';
import { workerCommand } from './commands/worker';

export function buildProgram(): Command {
  const program = new Command('quorum')
    .description('Quorum: human-in-the-loop labeling and active learning')
    .version('0.1.0')
    .showHelpAfterError();
  program.addCommand(projectCommand());
  program.addCommand(importCommand());
  program.addCommand(exportCommand());
  program.addCommand(agreementCommand());
  program.addCommand(simulateLabelingCommand());
  program.addCommand(consensusCommand());
  program.addCommand(simulateCommand());
  program.addCommand(workerCommand());
  return program;
}

/** addCommand does not pass settings down, so exit handling is applied to every command explicitly. */
function applyExitOverride(command: Command): void {
  command.exitOverride();
  for (const sub of command.commands) applyExitOverride(sub);
}

/** Runs the CLI; every failure ends as one line on stderr and a non-zero exit code. */
export async function runCli(argv: string[]): Promise<void> {
  const program = buildProgram();
  applyExitOverride(program);
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander already printed its one-line message (or the help/version text).
      process.exitCode = error.exitCode;
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`quorum: ${message.split('\n')[0]}\n`);
    process.exitCode = 1;
  }
}

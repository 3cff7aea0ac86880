import { Command, CommanderError } from 'commander';
import { agreementCommand } from './commands/agreement';

export function buildProgram(): Command {
  const program = new Command('quorum')
    .description('Quorum: human-in-the-loop labeling and active learning')
    .version('0.1.0')
    .showHelpAfterError();
  program.addCommand(agreementCommand());
  return program;
}

/** Runs the CLI; every failure ends as one line on stderr and a non-zero exit code. */
export async function runCli(argv: string[]): Promise<void> {
  const program = buildProgram().exitOverride();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode;
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`quorum: ${message.split('\n')[0]}\n`);
    process.exitCode = 1;
  }
}

/** Where a section's ratings download is and what follows `npx quorum agreement ratings.jsonl` to print the section's numbers from it. */
export type TCliReproduction = { ratingsUrl: string; options: readonly string[] };

/**
 * "Check these numbers yourself": the link to the ratings behind an agreement section and the CLI
 * command that prints the same numbers from them. `outcome` says what the command prints.
 */
export function ReproduceWithCli({ reproduction, outcome }: { reproduction: TCliReproduction; outcome: string }) {
  const command = ['npx', 'quorum', 'agreement', 'ratings.jsonl', ...reproduction.options].map(quoteForShell).join(' ');
  return (
    <div className="mt-4 rounded-md border border-slate-200 bg-slate-50 p-3 text-sm">
      <p className="font-medium text-slate-800">Check these numbers yourself</p>
      <p className="mt-1 text-slate-700">
        <a className="link print:hidden" href={reproduction.ratingsUrl} download>
          Download the ratings (JSONL)
        </a>
        <span className="print:hidden"> and run</span>
        <span className="hidden print:inline">Run on the ratings file</span>:
      </p>
      <pre className="mt-2 overflow-x-auto whitespace-pre-wrap break-all rounded bg-white p-2 font-mono text-xs text-slate-900" data-testid="cli-command">
        {command}
      </pre>
      <p className="mt-1 text-xs text-slate-600">{outcome}</p>
    </div>
  );
}

/** One argument exactly as the CLI reads it (a label list stays CSV-quoted, never formula-defused), safe to paste into a POSIX shell. */
function quoteForShell(text: string): string {
  return /^[A-Za-z0-9_.,:+-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}

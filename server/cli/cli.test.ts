import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram, COMMANDS } from './index';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BUILT = path.join(ROOT, 'dist', 'cli', 'quorum.mjs');

type TRun = { code: number; stdout: string; stderr: string };

describe('the quorum CLI', () => {
  let directory: string;
  const runQuorum = (args: string[], env: Record<string, string> = {}) =>
    new Promise<TRun>((resolve) => {
      execFile(process.execPath, ['bin/quorum.js', ...args], { cwd: ROOT, env: { ...process.env, QUORUM_DATA_DIR: path.join(directory, 'data'), DATABASE_URL: '', ...env } }, (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
      });
    });

  beforeAll(() => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'quorum-cli-'));
  });
  afterAll(() => fs.rmSync(directory, { recursive: true, force: true }));

  it('lists every command with the description the command itself carries', async () => {
    const program = await buildProgram('all');
    expect(program.commands.map((command) => [command.name(), command.description()])).toEqual(COMMANDS.map((entry) => [entry.name, entry.description]));
  });

  it('runs from the built bundle, rebuilding it when a source file is newer', async () => {
    const help = await runQuorum(['--help']);
    expect(help.code).toBe(0);
    for (const entry of COMMANDS) expect(help.stdout).toContain(entry.name);
    const builtAt = fs.statSync(BUILT).mtimeMs;
    // A source file touched after the build makes bin/quorum.js build again before it runs.
    const source = path.join(ROOT, 'server/cli/progress.ts');
    const touched = new Date(builtAt + 1);
    fs.utimesSync(source, touched, touched);
    try {
      expect((await runQuorum(['export', '--help'])).stdout).toContain('--format <format>');
      expect(fs.statSync(BUILT).mtimeMs).toBeGreaterThanOrEqual(builtAt);
      const { inputs } = JSON.parse(fs.readFileSync(path.join(ROOT, 'dist/cli/inputs.json'), 'utf8')) as { inputs: string[] };
      expect(inputs).toContain('server/cli/progress.ts');
      expect(fs.statSync(BUILT).mtimeMs).toBeGreaterThanOrEqual(touched.getTime());
    } finally {
      const now = new Date();
      fs.utimesSync(source, now, now);
    }
  }, 60_000);

  it('ends import and export with one summary line, numbering problem rows as the file shows them', async () => {
    expect((await runQuorum(['project', 'create', 'tickets', '--labels', 'billing,tech'])).code).toBe(0);
    const csv = path.join(directory, 'tickets.csv');
    fs.writeFileSync(csv, 'id,text,label\nt1,"refund please",billing\nt2,"screen\nflickers",tech\nt3,"no label given",\nt4,"bad label",sales\n');
    const refused = await runQuorum(['import', csv, '--project', 'tickets']);
    expect(refused.code).toBe(1);
    // t4 is the 4th data row (the 5th line, 6th counting t2's two lines): "row 4".
    expect(refused.stdout).toMatch(/^not imported: 4 rows read \(csv\), 1 problems; the project is unchanged\n {2}row 4, label: unknown label "sales"/);
    const imported = await runQuorum(['import', csv, '--project', 'tickets', '--skip-invalid']);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toBe('imported 4 rows of tickets.csv (csv) into tickets: 3 new items, 0 duplicates skipped, 1 row rejected\n  row 4, label: unknown label "sales": the project\'s labels are "billing", "tech"\n');
    const out = path.join(directory, 'tickets.jsonl');
    const exported = await runQuorum(['export', '--project', 'tickets', '--out', out]);
    expect(exported.stdout).toMatch(/^exported 3 items of tickets as jsonl, \d+\.\d KB, to .*tickets\.jsonl\n$/);
    expect(fs.readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(3);
    const piped = await runQuorum(['export', '--project', 'tickets', '--format', 'csv']);
    expect(piped.stdout.split('\r\n')[0]).toBe('id,item_id,text,metadata,gold_label,final_label,final_label_source,annotations,prediction_label,prediction_score,model_version');
    expect(piped.stderr).toMatch(/^exported 3 items of tickets as csv, .* to standard output\n$/);
  }, 120_000);
});

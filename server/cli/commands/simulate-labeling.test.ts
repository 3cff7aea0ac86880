import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../..');

type TRun = { code: number; stdout: string; stderr: string };

describe('quorum simulate-labeling and quorum consensus', () => {
  let directory: string;
  /** Runs the installed entry point on a fresh embedded database of our own. */
  const runQuorum = (...args: string[]) =>
    new Promise<TRun>((resolve) => {
      const env = { ...process.env, QUORUM_DATA_DIR: path.join(directory, 'data'), DATABASE_URL: '' };
      execFile(process.execPath, ['bin/quorum.js', ...args], { cwd: ROOT, env }, (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
      });
    });

  beforeAll(async () => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'quorum-simulate-cli-'));
    const rows = ['id,text,label', ...Array.from({ length: 40 }, (_, i) => `m${i},"message number ${i}",${i % 4 === 0 ? (i % 8 === 0 ? 'spam' : 'ham') : ''}`)];
    fs.writeFileSync(path.join(directory, 'items.csv'), `${rows.join('\n')}\n`);
    expect((await runQuorum('project', 'create', 'sim', '--labels', 'spam,ham')).code).toBe(0);
    const imported = await runQuorum('import', path.join(directory, 'items.csv'), '--project', 'sim', '--text-field', 'text', '--label-field', 'label', '--id-field', 'id');
    // Off a terminal a slow import prints a progress line every 5 s; nothing else may appear.
    expect(imported.stderr.split('\n').filter((line) => line !== '' && !/^importing: /.test(line))).toEqual([]);
    expect(imported.code).toBe(0);
  }, 120_000);
  afterAll(() => fs.rmSync(directory, { recursive: true, force: true }));

  it('labels the project with simulated annotators, prints what each did and refreshes the report', async () => {
    const { code, stdout, stderr } = await runQuorum('simulate-labeling', '--project', 'sim', '--annotators', '3', '--items', '12', '--accuracy', '1,1,0.5');
    // A slow machine may print the periodic progress line (stderr, every 5 s off a terminal); nothing else.
    expect(stderr.split('\n').filter((line) => line !== '' && !/^labeling: \d+ items of \d+ items/.test(line))).toEqual([]);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^annotator\s+accuracy\s+labels\s+correct$/);
    expect(lines[1]).toMatch(/^Simulated annotator 1\s+100%\s+\d+\s+100%$/);
    expect(lines[3]).toMatch(/^Simulated annotator 3\s+50%\s+\d+/);
    expect(stdout).toMatch(/\d+ labels on 1[2-5] items/);
    expect(stdout).toMatch(/quality report refreshed/);
  }, 120_000);

  it('finds nothing to do once every report is current, and names a missing project', async () => {
    expect((await runQuorum('consensus')).stdout).toBe('every quality report is current\n');
    const missing = await runQuorum('consensus', '--project', 'nope');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^quorum: no project "nope"/);
  }, 60_000);

  it('refuses an accuracy outside 0..1 before touching anything', async () => {
    const { code, stderr } = await runQuorum('simulate-labeling', '--project', 'sim', '--accuracy', '0.9,1.2');
    expect(code).toBe(1);
    expect(stderr).toMatch(/accuracies are numbers between 0 and 1/);
  }, 60_000);
});

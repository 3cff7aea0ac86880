import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSyntheticText } from '@/ml/fixtures/synthetic-text';
import type { SimulationResult } from '@/ml/simulate/simulation-settings';

const ROOT = path.resolve(import.meta.dirname, '../../..');

type TRun = { code: number; stdout: string; stderr: string };

function runQuorum(...args: string[]): Promise<TRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/quorum.js', ...args], { cwd: ROOT }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('quorum simulate', () => {
  let dir: string;
  let csv: string;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quorum-simulate-'));
    const { texts, labels } = generateSyntheticText({ numClasses: 2, perClass: 90, seed: 5, signal: 0.5 });
    const names = ['billing', 'technical'];
    const rows = texts.map((text, i) => `"${text}, ticket ${i}",${i % 37 === 0 ? '' : names[labels[i]!]}`);
    csv = path.join(dir, 'tickets.csv');
    fs.writeFileSync(csv, `body,team\n${rows.join('\n')}\n`);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes the learning curves of every strategy to --json and prints a summary', async () => {
    const out = path.join(dir, 'out.json');
    const run = await runQuorum(
      'simulate', csv, '--text-field', 'body', '--label-field', 'team', '--strategies', 'random,margin,entropy',
      '--budget', '60', '--batch', '20', '--seeds', '2', '--eval-fraction', '0.2', '--dim', '512', '--json', out,
    );
    expect(run.stderr).toContain('labeled items');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/margin\s+0\.\d{4}/);
    const result = JSON.parse(fs.readFileSync(out, 'utf8')) as SimulationResult & { source: { file: string } };
    // 180 rows, 5 without a label (i % 37 === 0) are skipped.
    expect(result.dataset).toMatchObject({ items: 175, classes: ['billing', 'technical'], evalSize: 35, poolSize: 140 });
    expect(Object.keys(result.strategies)).toEqual(['random', 'margin', 'entropy']);
    for (const outcome of Object.values(result.strategies)) {
      expect(outcome.curve.map((p) => p.labels)).toEqual([20, 40, 60]);
      expect(outcome).toHaveProperty('aulc');
      expect(outcome).toHaveProperty('labels_to_95');
      expect(outcome.full_accuracy).toBeGreaterThan(0.5);
    }
    expect(result.source.file).toBe(csv);
  }, 180_000);

  it('explains a missing field or an unknown strategy in one line', async () => {
    const missing = await runQuorum('simulate', csv, '--text-field', 'text', '--label-field', 'team');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^quorum: .*column "text" is missing/m);
    const unknown = await runQuorum('simulate', csv, '--text-field', 'body', '--label-field', 'team', '--strategies', 'margin,guess');
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/unknown strategy guess/);
    // Refused by the action rather than by commander's parsing: it must still say why.
    const dim = await runQuorum('simulate', csv, '--text-field', 'body', '--label-field', 'team', '--dim', '1000');
    expect(dim.code).toBe(1);
    expect(dim.stderr).toMatch(/^quorum: --dim must be a power of two, got 1000/m);
  });

  it('lists strategies, models and features in --help, and refuses a bad combination before reading the file', async () => {
    const help = await runQuorum('simulate', '--help');
    for (const name of ['least_confidence', 'margin', 'entropy', 'bald', 'committee', '"softmax"', '"mlp"', 'hashed-ngrams-vectors', 'representative', '--target-accuracy']) {
      expect(help.stdout).toContain(name);
    }
    const bald = await runQuorum('simulate', path.join(dir, 'does-not-exist.csv'), '--text-field', 'body', '--label-field', 'team', '--strategies', 'bald');
    expect(bald.code).not.toBe(0);
    expect(bald.stderr).toMatch(/mlp/);
    expect(bald.stderr).not.toMatch(/no such file/);
  });
});

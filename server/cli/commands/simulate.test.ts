import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSyntheticText } from '@/ml/fixtures/synthetic-text';
import type { SimulationResult, StrategyOutcome } from '@/ml/simulate/simulation-settings';
import { formatSummary } from './simulate';

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
  }, 60_000);

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

/** A small generator, so the fixtures are the same on every run. */
function createRandom(seed: number) {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  return { next, pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]! };
}

/** News snippets tagged with any of three topics (a fifth with none), as a Label Studio export with several choices per result. */
function writeTopicsExport(file: string) {
  const random = createRandom(7);
  const words: Record<string, string[]> = { sports: ['match', 'goal', 'team', 'coach'], politics: ['vote', 'senate', 'election', 'minister'], weather: ['rain', 'storm', 'sunny', 'forecast'] };
  const filler = ['today', 'people', 'said', 'the', 'city', 'news', 'report', 'morning'];
  const tasks = Array.from({ length: 60 }, (_, i) => {
    const topics = Object.keys(words).filter(() => random.next() < 0.4);
    const text = [...topics.flatMap((topic) => [random.pick(words[topic]!), random.pick(words[topic]!)]), ...Array.from({ length: 4 }, () => random.pick(filler))].join(' ');
    const result = [{ from_name: 'topics', to_name: 'text', type: 'choices', value: { choices: topics } }];
    return { id: i + 1, data: { text: `${text} (${i})` }, annotations: [{ id: i + 1, completed_by: 1, result }] };
  });
  fs.writeFileSync(file, JSON.stringify(tasks));
}

/** Sentences naming a person and a place, as spaCy JSONL (code point offsets: some lines start with an emoji). */
function writeEntitiesJsonl(file: string) {
  const random = createRandom(11);
  const lines = Array.from({ length: 60 }, (_, i) => {
    const person = random.pick(['Alice', 'Bob', 'Zoë Kravitz', 'Omar', 'Li Wei']);
    const place = random.pick(['Paris', 'Berlin', 'São Paulo', 'Oslo', 'Nairobi']);
    const prefix = i % 3 === 0 ? '🙂 ' : '';
    const start = [...prefix].length;
    const placeStart = start + [...`${person} flew to `].length;
    const spans = [
      { start, end: start + [...person].length, label: 'PER' },
      { start: placeStart, end: placeStart + [...place].length, label: 'LOC' },
    ];
    return JSON.stringify({ text: `${prefix}${person} flew to ${place}${i % 2 ? ' yesterday.' : ' with friends.'}`, spans });
  });
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
}

describe('quorum simulate --task-type', () => {
  let dir: string;
  let topics: string;
  let entities: string;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quorum-simulate-tasks-'));
    topics = path.join(dir, 'topics.json');
    writeTopicsExport(topics);
    entities = path.join(dir, 'entities.jsonl');
    writeEntitiesJsonl(entities);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('simulates a multi-label Label Studio export in micro-F1 with the multi-label strategies', async () => {
    const out = path.join(dir, 'topics-result.json');
    const run = await runQuorum('simulate', topics, '--task-type', 'multi_label', '--text-field', 'text', '--budget', '40', '--batch', '20', '--seeds', '1', '--features', 'hashed-ngrams', '--dim', '1024', '--json', out);
    expect(run.stderr).toMatch(/60 labeled items, labels politics \(\d+\), sports \(\d+\), weather \(\d+\), \d+ with none of them/);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('full-data micro-F1 per seed:');
    expect(run.stdout).toContain('labels to 95% of full-data micro-F1 (mean, min–max, reached)');
    expect(run.stdout).toMatch(/^mean_binary_entropy\s+\d\.\d{4}/m);
    const result = JSON.parse(fs.readFileSync(out, 'utf8')) as SimulationResult & { source: { taskType: string; labelField: string | null } };
    expect(result.metric).toBe('micro_f1');
    expect(result.settings.kind).toBe('sigmoid');
    expect(result.dataset.classes).toEqual(['politics', 'sports', 'weather']);
    expect(Object.keys(result.strategies)).toEqual(['random', 'mean_binary_entropy', 'threshold_proximity']);
    for (const outcome of Object.values(result.strategies)) expect(outcome.curve.map((p) => p.labels)).toEqual([20, 40]);
    expect(result.source).toMatchObject({ taskType: 'multi_label', labelField: null });
  }, 120_000);

  it('simulates a spaCy JSONL file in exact span F1 with the span strategies', async () => {
    const out = path.join(dir, 'entities-result.json');
    const run = await runQuorum('simulate', entities, '--task-type', 'spans', '--text-field', 'text', '--strategies', 'random,least_confidence', '--budget', '20', '--batch', '10', '--seeds', '1', '--dim', '1024', '--json', out);
    expect(run.stderr).toContain('60 items with 120 gold spans, labels LOC, PER');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('full-data span F1 (exact) per seed:');
    expect(run.stdout).toContain('span F1 (exact) at 100 / 200 / 500 labels');
    const result = JSON.parse(fs.readFileSync(out, 'utf8')) as SimulationResult & { source: { taskType: string; labelField: string | null } };
    expect(result.metric).toBe('span_f1');
    expect(result.settings.kind).toBe('bio-tagger');
    expect(Object.keys(result.strategies)).toEqual(['random', 'least_confidence']);
    for (const outcome of Object.values(result.strategies)) expect(outcome.curve.map((p) => p.labels)).toEqual([10, 20]);
    expect(result.full_accuracy_per_seed[0]).toBeGreaterThan(0.5);
    expect(result.source).toMatchObject({ taskType: 'spans', labelField: 'spans' });
  }, 120_000);

  it('refuses a strategy or an option the task\'s simulator does not take, naming what it does take, before reading the file', async () => {
    const missing = path.join(dir, 'does-not-exist.json');
    const margin = await runQuorum('simulate', missing, '--task-type', 'multi_label', '--text-field', 'text', '--strategies', 'random,margin');
    expect(margin.code).toBe(1);
    expect(margin.stderr).toMatch(/^quorum: Margin ranks one label per item.*--task-type multi_label takes --strategies random, mean_binary_entropy, threshold_proximity$/m);
    const committee = await runQuorum('simulate', missing, '--task-type', 'spans', '--text-field', 'text', '--strategies', 'committee');
    expect(committee.stderr).toMatch(/^quorum: Query by committee does not apply to span projects.*takes --strategies random, least_confidence, margin, entropy$/m);
    const setStrategy = await runQuorum('simulate', missing, '--text-field', 'text', '--label-field', 'label', '--strategies', 'mean_binary_entropy');
    expect(setStrategy.stderr).toMatch(/^quorum: Mean binary entropy ranks label sets/m);
    const model = await runQuorum('simulate', missing, '--task-type', 'spans', '--text-field', 'text', '--model', 'mlp');
    expect(model.code).toBe(1);
    expect(model.stderr).toMatch(/^quorum: --model does not apply to --task-type spans \(model: BIO token tagger\); it takes --strategies, .* and --json$/m);
    const features = await runQuorum('simulate', missing, '--task-type', 'spans', '--text-field', 'text', '--features', 'hashed-ngrams');
    expect(features.stderr).toMatch(/^quorum: --features does not apply to --task-type spans/m);
    const threads = await runQuorum('simulate', missing, '--task-type', 'multi_label', '--text-field', 'text', '--threads', '2');
    expect(threads.stderr).toMatch(/^quorum: --threads does not apply to --task-type multi_label/m);
    for (const run of [margin, committee, setStrategy, model, features, threads]) expect(run.stderr).not.toMatch(/no such file/);
  }, 120_000);

  it('takes a file or --project, refuses file options with --project and image models with a file, before opening anything', async () => {
    const missing = path.join(dir, 'does-not-exist.csv');
    const both = await runQuorum('simulate', missing, '--project', 'demo');
    expect(both.stderr).toMatch(/^quorum: give a file or --project, not both$/m);
    const neither = await runQuorum('simulate', '--budget', '40');
    expect(neither.stderr).toMatch(/^quorum: give a labeled file, or --project <slug>/m);
    const fileOption = await runQuorum('simulate', '--project', 'demo', '--text-field', 'text');
    expect(fileOption.stderr).toMatch(/^quorum: --text-field does not apply to --project .* it takes --strategies, --budget, --batch, --seeds, --eval-fraction, --model, --diversity, --exploration and --json$/m);
    const noText = await runQuorum('simulate', missing, '--label-field', 'team');
    expect(noText.stderr).toMatch(/^quorum: required option '--text-field <name>' not specified$/m);
    const cnn = await runQuorum('simulate', missing, '--text-field', 'body', '--label-field', 'team', '--model', 'cnn');
    expect(cnn.stderr).toMatch(/^quorum: --model cnn does not read a file's texts; use softmax or mlp$/m);
    for (const run of [both, neither, fileOption, noText, cnn]) expect(run.code).toBe(1);
  }, 60_000);

  it('refuses label sets where no label varies, and reads a file of another task\'s answers with a reason', async () => {
    const same = path.join(dir, 'same.jsonl');
    fs.writeFileSync(same, Array.from({ length: 30 }, (_, i) => JSON.stringify({ text: `item ${i}`, topics: ['news'] })).join('\n'));
    const run = await runQuorum('simulate', same, '--task-type', 'multi_label', '--text-field', 'text', '--label-field', 'topics');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^quorum: .*same\.jsonl: every label is on all 30 items or on none; a simulation needs a label some items have and others do not$/m);
    const spans = await runQuorum('simulate', same, '--task-type', 'spans', '--text-field', 'text', '--label-field', 'topics');
    expect(spans.stderr).toMatch(/^quorum: .*no rows with both "text" and "topics" \(row 1: .*span 1 must be an object/m);
  }, 60_000);
});

describe('formatSummary', () => {
  const outcome = (aulc: number, labels95: number | null, ratio: number | null): StrategyOutcome => ({
    curve: [],
    aulc,
    labels_to_95: labels95,
    full_accuracy: 0.9,
    labels_to_95_per_seed: [labels95],
    labels_to_95_summary: { mean: labels95, min: labels95, max: labels95, reached: labels95 === null ? 0 : 1, runs: 1 },
    labels_to_target_per_seed: [],
    labels_to_target_summary: null,
    accuracy_at: { '100': 0.81, '200': 0.875, '500': null },
    ratio_to_random_per_seed: [ratio],
  });
  const result = (metric: SimulationResult['metric'], kind: string, strategies: Record<string, StrategyOutcome>): SimulationResult =>
    ({
      dataset: { items: 500, classes: ['a', 'b'], classCounts: [250, 250], evalSize: 100, poolSize: 400 },
      settings: { strategies: Object.keys(strategies), budget: 300, batchSize: 20, seeds: 1, evalFraction: 0.2, kind, diversity: 'none', explorationShare: 0, coldStart: 'representative', accuracyAt: [100, 200, 500], seed: 1, dim: 1024, features: 'hashed-ngrams' },
      metric,
      strategies,
      full_accuracy_per_seed: [0.9],
      recommendation: null,
      seconds: 1,
    }) as SimulationResult;

  it('prints a single-label summary as it always has', () => {
    expect(formatSummary(result('accuracy', 'softmax', { random: outcome(0.8, 240, 1), margin: outcome(0.85, 160, 0.6667) }))).toBe(
      [
        'pool 400, evaluation 100, budget 300, batch 20, 1 seed(s), softmax, hashed-ngrams (1024 columns), cold start representative',
        'full-data accuracy per seed: 0.9000',
        'strategy              AULC  labels to 95% (mean, min–max, reached)  ÷ random   accuracy at 100 / 200 / 500 labels',
        'random              0.8000                      240 (240–240, 1/1)      1.00   0.810 / 0.875 / —',
        'margin              0.8500                      160 (160–160, 1/1)      0.67   0.810 / 0.875 / —',
        '',
      ].join('\n'),
    );
  });

  it('names the metric of a multi-label or span simulation wherever the single-label summary says accuracy', () => {
    const lines = formatSummary(result('micro_f1', 'sigmoid', { random: outcome(0.7, null, null), mean_binary_entropy: outcome(0.75, 200, null) })).split('\n');
    expect(lines[1]).toBe('full-data micro-F1 per seed: 0.9000');
    expect(lines[2]).toMatch(/^strategy +AULC +labels to 95% of full-data micro-F1 \(mean, min–max, reached\) {2}÷ random {3}micro-F1 at 100 \/ 200 \/ 500 labels$/);
    // Columns stay aligned under a strategy name longer than the single-label ones.
    expect(lines[4]!.indexOf('0.7500')).toBe(lines[3]!.indexOf('0.7000'));
    expect(formatSummary(result('span_f1', 'bio-tagger', { random: outcome(0.7, 100, 1) }))).toContain('full-data span F1 (exact) per seed');
  });
});


import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { assertLocalDatabase } from '@/db/testing';
import { writeSyntheticCsv } from '../import/generate-rows';
import type { TBenchFigure, TBenchReport } from '../report';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
const PHASE_SCRIPT = path.join(ROOT, 'bench/import/run-phase.ts');
const BASE_URL = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

type TPhaseResult = { phase: string; kind: string; rows: number; seconds: number; rowsPerSecond: number; peakRssMb: number; duringP50Ms?: number; duringP99Ms?: number; duringSamples?: number; idleP99Ms?: number; importSeconds?: number };

const CONTENTION_ROWS = 100_000;

/** Other users' requests while a 100k-row import runs on the embedded database (its one connection). */
async function measureContention(dir: string): Promise<TBenchFigure[]> {
  const file = path.join(dir, 'contention.csv');
  await writeSyntheticCsv(file, CONTENTION_ROWS, 11);
  console.info(`[bench] contend pglite (${CONTENTION_ROWS.toLocaleString('en')} rows)…`);
  await runPhase(['init', 'pglite', path.join(dir, 'pglite-contend')]);
  const result = await runPhase(['contend', 'pglite', path.join(dir, 'pglite-contend'), file]);
  if (result.rows !== CONTENTION_ROWS) throw new Error(`contend pglite imported ${result.rows} rows, expected ${CONTENTION_ROWS}`);
  const note = `${result.duringSamples ?? 0} requests, one every 50 ms, over a ${result.importSeconds?.toFixed(1) ?? '—'} s import`;
  return [
    { name: "other users' me.get p99, PGlite idle", value: result.idleP99Ms ?? null, unit: 'ms' },
    { name: "other users' me.get p50 during a 100k-row PGlite import", value: result.duringP50Ms ?? null, unit: 'ms', note },
    { name: "other users' me.get p99 during a 100k-row PGlite import", value: result.duringP99Ms ?? null, unit: 'ms', target: { value: 500, better: 'lower' }, note },
  ];
}

/**
 * Starts a phase with the previous one's writes on disk (the generated file, PostgreSQL's dirty
 * buffers, PGlite's files): otherwise the phase pays for their write-back, which cost the export
 * after a million-row import a third of its rate.
 */
async function settleWrites(): Promise<void> {
  await withAdmin((client) => client.query('checkpoint'));
  await run('sync');
}

async function runPhase(args: string[]): Promise<TPhaseResult> {
  await settleWrites();
  const { stdout } = await run(process.execPath, ['--import', 'tsx', PHASE_SCRIPT, ...args], { cwd: ROOT, maxBuffer: 1 << 20 });
  const line = stdout.trim().split('\n').at(-1);
  if (!line) throw new Error(`phase ${args.join(' ')} printed nothing`);
  return JSON.parse(line) as TPhaseResult;
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: BASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * `npm run bench -- import [--rows N] [--contention-only]`: 1M synthetic rows into PostgreSQL and
 * PGlite, and back out; then other users' request latency during a 100k-row import on PGlite.
 */
export async function runBench(args: string[]): Promise<TBenchReport> {
  const rowsIndex = args.indexOf('--rows');
  const rows = rowsIndex >= 0 ? Number(args[rowsIndex + 1]) : 1_000_000;
  assertLocalDatabase(BASE_URL);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quorum-bench-import-'));
  if (args.includes('--contention-only')) {
    try {
      return { suite: 'import', sizes: { contentionRows: CONTENTION_ROWS }, figures: await measureContention(dir) };
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  const file = path.join(dir, 'rows.csv');
  const database = `quorum_bench_import_${randomBytes(4).toString('hex')}`;
  const url = Object.assign(new URL(BASE_URL), { pathname: `/${database}` }).toString();
  try {
    console.info(`[bench] writing ${rows.toLocaleString('en')} synthetic rows…`);
    const { bytes } = await writeSyntheticCsv(file, rows);
    await withAdmin((client) => client.query(`create database ${database}`));
    const results: TPhaseResult[] = [];
    for (const phase of [
      ['init', 'postgres', url],
      ['init', 'pglite', path.join(dir, 'pglite')],
      ['import', 'postgres', url, file],
      ['export', 'postgres', url],
      ['import', 'pglite', path.join(dir, 'pglite'), file],
      ['export', 'pglite', path.join(dir, 'pglite')],
    ]) {
      console.info(`[bench] ${phase[0]} ${phase[1]}…`);
      const result = await runPhase(phase as string[]);
      if (phase[0] === 'init') continue;
      if (result.rows !== rows) throw new Error(`${phase[0]} ${phase[1]} handled ${result.rows} rows, expected ${rows}`);
      results.push(result);
    }
    const contention = await measureContention(dir);
    const find = (phase: string, kind: string) => results.find((result) => result.phase === phase && result.kind === kind);
    const figure = (name: string, result: TPhaseResult | undefined, target: number): TBenchFigure[] => [
      { name: `${name} throughput`, value: result?.rowsPerSecond ?? null, unit: 'rows/s', target: { value: target, better: 'higher' } },
      { name: `${name} peak RSS`, value: result?.peakRssMb ?? null, unit: 'MB', target: { value: 400, better: 'lower' } },
    ];
    return {
      suite: 'import',
      sizes: { rows, fileMb: Math.round(bytes / 2 ** 20), meanTextChars: Math.round(bytes / rows) - 20, contentionRows: CONTENTION_ROWS },
      figures: [
        ...figure('import CSV → PostgreSQL', find('import', 'postgres'), 50_000),
        ...figure('import CSV → PGlite', find('import', 'pglite'), 20_000),
        ...figure('export PostgreSQL → JSONL', find('export', 'postgres'), 100_000),
        ...figure('export PGlite → JSONL', find('export', 'pglite'), 100_000),
        ...contention,
      ],
    };
  } finally {
    await withAdmin((client) => client.query(`drop database if exists ${database} with (force)`)).catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

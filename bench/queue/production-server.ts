import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * The production server for benchmarks: `next build` once, then `next start` on a database chosen
 * by the benchmark (a dedicated local PostgreSQL database, or an embedded one in a temporary
 * directory). Unlike the e2e launcher, it accepts DATABASE_URL: that is the point.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const NEXT_BIN = createRequire(import.meta.url).resolve('next/dist/bin/next');
// BENCH_DIST_DIR lets a second benchmark build coexist with the default one (engineers sharing a checkout).
export const BENCH_DIST_DIR = process.env.BENCH_DIST_DIR || '.next-bench';

function baseEnv(): NodeJS.ProcessEnv {
  return { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', NEXT_DIST_DIR: BENCH_DIST_DIR };
}

export function buildApp(): void {
  const build = spawnSync(process.execPath, [NEXT_BIN, 'build'], { cwd: ROOT, stdio: 'inherit', env: baseEnv() });
  if (build.status !== 0) throw new Error(`next build failed (exit ${build.status})`);
}

export type TRunningServer = { baseUrl: string; pid: number; stop: () => Promise<void> };

/**
 * `isWorkerOff` keeps the in-app learning worker (on by default with the embedded database) from
 * training and rescoring inside the server while a benchmark measures something else.
 */
export async function startApp(input: { port: number; databaseUrl?: string; dataDir?: string; isWorkerOff?: boolean }): Promise<TRunningServer> {
  const env = baseEnv();
  env.DATABASE_URL = input.databaseUrl ?? '';
  if (input.isWorkerOff) env.QUORUM_IN_APP_WORKER = 'off';
  if (input.dataDir) env.QUORUM_DATA_DIR = input.dataDir;
  // For profiling the server under load, e.g. BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof".
  const nodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  // A server left over from an interrupted run would answer in this one's place.
  if (await isAnswering(`http://127.0.0.1:${input.port}/sign-in`)) throw new Error(`port ${input.port} is already serving; stop that server first`);
  const child = spawn(process.execPath, [...nodeArgs, NEXT_BIN, 'start', '-p', String(input.port), '-H', '127.0.0.1'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] });
  child.stdout?.on('data', () => {}); // drained: the server's own log is not part of the report
  // If the benchmark dies, its servers go with it (one left behind would hold the port and the database).
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));
  const baseUrl = `http://127.0.0.1:${input.port}`;
  await waitUntilServing(child, `${baseUrl}/sign-in`);
  return { baseUrl, pid: child.pid ?? 0, stop: () => stopChild(child) };
}

async function isAnswering(url: string): Promise<boolean> {
  try {
    await fetch(url, { redirect: 'manual' });
    return true;
  } catch {
    return false;
  }
}

async function waitUntilServing(child: ChildProcess, url: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited with code ${child.exitCode}`);
    try {
      const response = await fetch(url, { redirect: 'manual' });
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  child.kill('SIGTERM');
  throw new Error(`the server did not answer ${url} within 120 s`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { assertLocalDatabase } from './assert-local-database';
import { DEMO_PASSWORD, E2E_BASE_URL, E2E_DATA_DIR, E2E_DEMO_DATA_DIR, E2E_DEMO_PORT, E2E_PORT } from './config';

/**
 * Playwright's web server: one production build (`next build`), served twice on fresh embedded
 * databases: a blank instance (specs create the first admin) and one with the demo seeded.
 */
const root = path.resolve(import.meta.dirname, '..');
const nextBin = createRequire(import.meta.url).resolve('next/dist/bin/next');
const baseEnv = { ...process.env, NODE_ENV: 'production' as const, NEXT_TELEMETRY_DISABLED: '1', QUORUM_SIGNIN_LIMIT: '1000', QUORUM_WEBHOOK_ALLOW_PRIVATE: '1' };
const servers: ChildProcess[] = [];

assertLocalDatabase(process.env.DATABASE_URL);
if (process.env.DATABASE_URL) throw new Error('e2e runs on fresh embedded databases; unset DATABASE_URL');
for (const dir of [E2E_DATA_DIR, E2E_DEMO_DATA_DIR]) fs.rmSync(dir, { recursive: true, force: true });

/** Runs a child to the end without blocking this process (the demo is seeded meanwhile); exits on failure. */
function runAsync(args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit', env });
  return new Promise((resolve) => {
    child.on('exit', (code) => {
      if (code !== 0) {
        seeding?.kill();
        process.exit(code ?? 1);
      }
      resolve();
    });
  });
}

function serve(port: number, dataDir: string) {
  const server = spawn(process.execPath, [nextBin, 'start', '-p', String(port), '-H', '127.0.0.1'], { cwd: root, stdio: 'inherit', env: { ...baseEnv, QUORUM_DATA_DIR: dataDir } });
  server.on('exit', (code) => {
    for (const other of servers) other.kill();
    seeding?.kill();
    process.exit(code ?? 0);
  });
  servers.push(server);
}

/**
 * A data package bundled into the server (the 307 MB word-vector JSON once was) makes the first
 * request take minutes; such packages belong in next.config.ts's serverExternalPackages.
 */
function assertNoHugeServerChunk(serverDir: string) {
  const limit = 20 * 2 ** 20;
  for (const entry of fs.readdirSync(serverDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.js')) continue;
    const file = path.join(entry.parentPath, entry.name);
    const size = fs.statSync(file).size;
    if (size > limit) throw new Error(`${path.relative(root, file)} is ${Math.round(size / 2 ** 20)} MB: a large package was bundled into the server (add it to serverExternalPackages)`);
  }
}

async function waitFor(url: string) {
  for (let attempt = 0; attempt < 120; attempt++) {
    if (await fetch(url).then((response) => response.status < 500, () => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${url} did not come up`);
}

/**
 * The demo instance is seeded as `npm run demo` seeds it (server/demo/seed.ts: simulated annotators
 * of known accuracy label through the real queue over two weeks, three model versions, a strategy
 * simulation, review tasks of every kind), in its own process while the app is built.
 */
function seedDemoInstance(): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server/demo/seed-cli.ts')], {
    cwd: root,
    stdio: 'inherit',
    env: { ...baseEnv, QUORUM_DATA_DIR: E2E_DEMO_DATA_DIR, QUORUM_DEMO_PASSWORD: DEMO_PASSWORD },
  });
  seeding = child;
  return new Promise((resolve) => {
    child.on('exit', (code) => {
      if (code !== 0) process.exit(code ?? 1);
      resolve();
    });
  });
}

let seeding: ChildProcess | null = null;
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => [...servers, ...(seeding ? [seeding] : [])].forEach((child) => child.kill(signal)));
const seeded = seedDemoInstance();
if (process.env.E2E_SKIP_BUILD !== '1') await runAsync([nextBin, 'build'], baseEnv);
assertNoHugeServerChunk(path.join(root, process.env.NEXT_DIST_DIR || '.next', 'server'));
serve(E2E_PORT, E2E_DATA_DIR);
await waitFor(`${E2E_BASE_URL}/sign-in`);
await seeded;
serve(E2E_DEMO_PORT, E2E_DEMO_DATA_DIR);

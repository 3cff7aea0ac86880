import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { assertLocalDatabase } from './assert-local-database';
import { E2E_DATA_DIR, E2E_PORT } from './config';

/**
 * Playwright's web server: a production build (`next build` + `next start`) on a fresh embedded
 * database, so every run starts from an instance with no accounts.
 */
const root = path.resolve(import.meta.dirname, '..');
const nextBin = createRequire(import.meta.url).resolve('next/dist/bin/next');
const env = { ...process.env, NODE_ENV: 'production' as const, NEXT_TELEMETRY_DISABLED: '1', QUORUM_DATA_DIR: E2E_DATA_DIR, QUORUM_SIGNIN_LIMIT: '1000' };

assertLocalDatabase(process.env.DATABASE_URL);
if (process.env.DATABASE_URL) throw new Error('e2e runs on a fresh embedded database; unset DATABASE_URL');
fs.rmSync(E2E_DATA_DIR, { recursive: true, force: true });

if (process.env.E2E_SKIP_BUILD !== '1') {
  const build = spawnSync(process.execPath, [nextBin, 'build'], { cwd: root, stdio: 'inherit', env });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const server = spawn(process.execPath, [nextBin, 'start', '-p', String(E2E_PORT), '-H', '127.0.0.1'], { cwd: root, stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));

import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { getEnv } from '@/server/env';
import { DEFAULT_DEMO_PASSWORD, DEMO_USERS } from './seed-demo';
import { DEMO_PROJECT_SLUG } from './seed-demo-project';

/**
 * `npm run demo`: seeds the demo (idempotently: a seeded database is left alone, and says so), builds
 * the app meanwhile (the build never opens the database), and serves it. Seeding runs in a process of
 * its own that lets go of the embedded database before the server opens it: PGlite allows one process
 * at a time.
 */
const NEXT_BIN = createRequire(import.meta.url).resolve('next/dist/bin/next');
const SEED_SCRIPT = path.join(import.meta.dirname, 'seed-cli.ts');
const children = new Set<ReturnType<typeof spawn>>();

function run(label: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  const child = spawn(process.execPath, args, { stdio: 'inherit', env });
  children.add(child);
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => {
      children.delete(child);
      if (code === 0) resolve();
      else reject(new Error(`${label} failed (exit code ${code ?? 'none'})`));
    });
  });
}

async function main() {
  const env = getEnv();
  const port = process.env.PORT ?? '3000';
  const password = env.QUORUM_DEMO_PASSWORD ?? DEFAULT_DEMO_PASSWORD;
  const production = { ...process.env, NODE_ENV: 'production' as const, NEXT_TELEMETRY_DISABLED: '1' };
  console.info('[demo] preparing the demo project…');
  const seeding = run('seeding the demo', ['--import', 'tsx', SEED_SCRIPT], process.env);
  if (!process.argv.includes('--no-build')) {
    console.info('[demo] building the app (next build) while the demo is seeded…');
    await Promise.all([seeding, run('next build', [NEXT_BIN, 'build'], production)]);
  } else {
    await seeding;
  }

  const server = spawn(process.execPath, [NEXT_BIN, 'start', '-p', port], { stdio: ['inherit', 'pipe', 'inherit'], env: production });
  let isAnnounced = false;
  server.stdout.on('data', (chunk: Buffer) => {
    process.stdout.write(chunk);
    if (!isAnnounced && /ready|started server|Local:/i.test(chunk.toString())) {
      isAnnounced = true;
      printLogins(port, password);
    }
  });
  const stop = (signal: NodeJS.Signals) => server.kill(signal);
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  server.on('exit', (code) => process.exit(code ?? 0));
}

function printLogins(port: string, password: string) {
  const width = Math.max(...DEMO_USERS.map((user) => user.email.length));
  const lines = DEMO_USERS.map((user) => `  ${user.email.padEnd(width)}  ${(user.projectRole ?? user.globalRole).replace('_', ' ')}`);
  console.info(
    `\nQuorum demo is running on http://localhost:${port} (project: /projects/${DEMO_PROJECT_SLUG})\nSign in with any of these (password: ${password}):\n${lines.join('\n')}\n`,
  );
}

main().catch((error: unknown) => {
  console.error(`[demo] ${error instanceof Error ? error.message : String(error)}`);
  // A failed seeding stops the build too, and the other way round.
  for (const child of children) child.kill('SIGTERM');
  process.exit(1);
});

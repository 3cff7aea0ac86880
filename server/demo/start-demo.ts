import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { getAppServices } from '@/server/app-services';
import { closeDatabase } from '@/db/open';
import { getEnv } from '@/server/env';
import { DEFAULT_DEMO_PASSWORD, DEMO_USERS } from './seed-demo';
import { DEMO_PROJECT_SLUG } from './seed-demo-project';
import { describeDemoActivity, seedDemo } from './seed';

/**
 * `npm run demo`: seeds the demo (idempotently), builds the app, and serves it. The seeding process
 * lets go of the embedded database before the server opens it: PGlite allows one process at a time.
 */
const NEXT_BIN = createRequire(import.meta.url).resolve('next/dist/bin/next');

async function main() {
  const env = getEnv();
  const port = process.env.PORT ?? '3000';
  const password = env.QUORUM_DEMO_PASSWORD ?? DEFAULT_DEMO_PASSWORD;
  // The build never opens the database, so it runs while the demo is seeded: on a first run the two
  // take about as long, and together the demo is up in the time of the longer one.
  const build = process.argv.includes('--no-build') ? null : startBuild();
  const { db, auth } = await getAppServices();
  console.info('[demo] preparing the demo project…');
  const seeded = await seedDemo(db, auth, password, { log: (line) => console.info(line) });
  if (seeded.import) console.info(`[demo] imported ${seeded.import.itemsCreated} e-mails`);
  console.info(describeDemoActivity(seeded.activity));
  await closeDatabase();
  if (build) {
    const status = await build;
    if (status !== 0) process.exit(status ?? 1);
  }

  const server = spawn(process.execPath, [NEXT_BIN, 'start', '-p', port], { stdio: ['inherit', 'pipe', 'inherit'], env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' } });
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

function startBuild(): Promise<number | null> {
  console.info('[demo] building the app (next build) while the demo is seeded…');
  const child = spawn(process.execPath, [NEXT_BIN, 'build'], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' } });
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
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
  process.exit(1);
});

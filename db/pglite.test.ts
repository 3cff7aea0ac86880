import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { DatabaseLockedError, openPglite } from './pglite';

const CHILD_SCRIPT = `
  import { openPglite } from './db/pglite.ts';
  // With -e, the first argument after the script is argv[1].
  await openPglite(process.argv[1]);
  process.stdout.write('open\\n');
  setInterval(() => {}, 1000);
`;

function startHolder(dataDir: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', CHILD_SCRIPT, dataDir], {
    cwd: path.resolve(import.meta.dirname, '..'),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const opened = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('open') && resolve());
    child.on('exit', (code) => reject(new Error(`holder exited with ${code}`)));
  });
  return { child, opened };
}

describe('embedded PGlite data directory', () => {
  const dirs: string[] = [];
  const makeDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quorum-pglite-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps data across reopen and is migrated', async () => {
    const dir = makeDir();
    const first = await openPglite(dir);
    await first.db.execute(sql`insert into instance_settings (key, value) values ('k', 'v')`);
    await first.close();
    const second = await openPglite(dir);
    const result = await second.db.execute<{ value: string }>(sql`select value from instance_settings where key = 'k'`);
    expect(result.rows[0]?.value).toBe('v');
    await second.close();
  });

  it('refuses a second process with a clear error, and recovers once the holder is killed', async () => {
    const dir = makeDir();
    const holder = startHolder(dir);
    await holder.opened;
    const attempt = openPglite(dir);
    await expect(attempt).rejects.toBeInstanceOf(DatabaseLockedError);
    await expect(attempt).rejects.toThrow(/in use by another Quorum process \(pid \d+\)/);
    const exited = new Promise((resolve) => holder.child.on('exit', resolve));
    holder.child.kill('SIGKILL');
    await exited;
    const reopened = await openPglite(dir);
    await reopened.close();
  }, 60_000);
});

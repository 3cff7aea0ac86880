import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite } from '@/db/pglite';
import { seedDecision } from '@/server/testing/decision-record-fixtures';
import { formatLogVerdict } from './audit';

const ROOT = path.resolve(import.meta.dirname, '../../..');

type TRun = { code: number; stdout: string; stderr: string };

describe('quorum audit verify and quorum decisions export', () => {
  let directory: string;
  const dataDir = () => path.join(directory, 'data');
  const runQuorum = (...args: string[]) =>
    new Promise<TRun>((resolve) => {
      execFile(process.execPath, ['bin/quorum.js', ...args], { cwd: ROOT, env: { ...process.env, QUORUM_DATA_DIR: dataDir(), DATABASE_URL: '' } }, (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
      });
    });

  /** Works on the CLI's embedded database between commands (it is closed again before the next one). */
  async function withDatabase(run: (db: Awaited<ReturnType<typeof openPglite>>['db']) => Promise<void>) {
    const handle = await openPglite(dataDir());
    try {
      await run(handle.db);
    } finally {
      await handle.close();
    }
  }

  beforeAll(() => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'quorum-audit-'));
  });
  afterAll(() => fs.rmSync(directory, { recursive: true, force: true }));

  it('reports an intact log, then the entry an edit behind the trigger broke, exiting 1', async () => {
    expect((await runQuorum('project', 'create', 'triage', '--labels', 'positive,negative')).code).toBe(0);
    let projectId = 0;
    await withDatabase(async (db) => {
      const result = await db.execute<{ id: number }>(sql`select id from projects where slug = 'triage'`);
      projectId = Number(result.rows[0]!.id);
      for (let i = 0; i < 3; i++) await seedDecision(db, projectId, { text: `=case ${i}` });
    });
    const intact = await runQuorum('audit', 'verify', '--project', 'triage');
    expect(intact).toMatchObject({ code: 0, stdout: 'decision log of triage: 6 entries, seq 1–6 checked, OK\n' });

    const exported = await runQuorum('decisions', 'export', '--project', 'triage', '--format', 'csv', '--status', 'decided');
    expect(exported.code).toBe(0);
    expect(exported.stdout.split('\r\n').filter(Boolean)).toHaveLength(4);
    expect(exported.stdout).toContain(",'=case 0,");
    expect(exported.stderr).toMatch(/^exported the decisions of triage as csv, .* to standard output\n$/);

    await withDatabase(async (db) => {
      await db.execute(sql`alter table decision_log disable trigger decision_log_append_only`);
      await db.execute(sql`update decision_log set body = jsonb_set(body, '{label}', '"negative"') where project_id = ${projectId} and seq = 4`);
      await db.execute(sql`alter table decision_log enable trigger decision_log_append_only`);
    });
    const broken = await runQuorum('audit', 'verify', '--project', 'triage');
    expect(broken.code).toBe(1);
    expect(broken.stdout).toBe('decision log of triage: BROKEN at entry 4 (content): its content was changed after it was written\n  3 entries, seq 1–3 before it verified\n');
    expect((await runQuorum('audit', 'verify', '--project', 'nope')).stderr).toContain('no project "nope"');
  }, 120_000);

  it('words an empty log plainly', () => {
    expect(formatLogVerdict('empty', { entries: 0, firstSeq: 1, lastSeq: 0, break: null })).toBe('decision log of empty: no entries checked, OK\n');
  });
});

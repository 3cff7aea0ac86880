import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The layer rules of eslint.config.mjs, proved by linting deliberately wrong imports (as they would
 * appear in a real file at that path) and a deliberate import cycle.
 */
const ROOT = path.resolve(import.meta.dirname, '..');
const eslint = new ESLint({ cwd: ROOT, ignore: false });

/** Lints `code` as a real file at that place (the import rules read the files they resolve), then removes it. */
async function lintAs(file: string, code: string): Promise<string[]> {
  // A folder of its own keeps the file's name (route.ts matters) and cannot clash with a real file.
  const directory = path.join(ROOT, path.dirname(file), `lint-fixture-${randomBytes(4).toString('hex')}`);
  const fixture = path.join(directory, path.basename(file));
  fs.mkdirSync(directory);
  try {
    fs.writeFileSync(fixture, code);
    const [result] = await eslint.lintFiles([fixture]);
    return (result?.messages ?? []).map((message) => `${message.ruleId}: ${message.message}`);
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
}

const FORBIDDEN: [string, string, string][] = [
  ['a service imports a router schema', 'server/services/queue/wrong.ts', "import { ZUpdateProjectInput } from '@/server/routers/project.schema';\nexport const x = ZUpdateProjectInput;\n"],
  ['a service imports the worker', 'server/services/learning/wrong.ts', "import { runWorkerLoop } from '@/server/worker/worker-loop';\nexport const x = runWorkerLoop;\n"],
  ['a service imports the tRPC context', 'server/services/review/wrong.ts', "import { createContext } from '../../../trpc/context';\nexport const x = createContext;\n"],
  ['ml/ imports the database', 'ml/sampling/wrong.ts', "import type { Database } from '@/db/client';\nexport type X = Database;\n"],
  ['ml/ imports a service', 'ml/wrong.ts', "import { getProject } from '../../server/services/projects/projects';\nexport const x = getProject;\n"],
  ['ml/ imports drizzle', 'ml/metrics/wrong.ts', "import { sql } from 'drizzle-orm';\nexport const x = sql;\n"],
  ['db/ imports server code', 'db/wrong.ts', "import { getEnv } from '@/server/env';\nexport const x = getEnv;\n"],
  ['auth imports a service', 'server/auth/wrong.ts', "import { listMembers } from '@/server/services/projects/members';\nexport const x = listMembers;\n"],
  ['a page opens the database', 'app/(app)/projects/[slug]/wrong.ts', "import { getAppServices } from '@/server/app-services';\nexport const x = getAppServices;\n"],
  ['a client component takes a type from a service', 'app/_components/wrong.tsx', "import type { TProjectDetail } from '@/server/services/projects/projects';\nexport type X = TProjectDetail;\n"],
  ['a file format imports a service', 'server/import/wrong.ts', "import { importItems } from '@/server/services/data/import-items';\nexport const x = importItems;\n"],
  ['server code imports the app', 'server/routers/wrong.ts', "import { loadProject } from '@/app/(app)/projects/[slug]/load-project';\nexport const x = loadProject;\n"],
];

describe('layer rules in eslint.config.mjs', () => {
  it.each(FORBIDDEN)('fails when %s', async (_what, file, code) => {
    const messages = await lintAs(file, code);
    expect(messages.some((message) => /^(import\/no-restricted-paths|no-restricted-imports):/.test(message)), messages.join('\n')).toBe(true);
  });

  it('accepts the arrows that are allowed', async () => {
    expect(await lintAs('server/services/queue/fine.ts', "import type { TActor } from '@/server/auth/actor';\nimport { recordAuditEvent } from '@/server/services/audit/audit-events';\nexport type X = TActor;\nexport const y = recordAuditEvent;\n")).toEqual([]);
    expect(await lintAs('server/routers/fine.ts', "import { getProject } from '@/server/services/projects/projects';\nexport const x = getProject;\n")).toEqual([]);
    expect(await lintAs('app/api/v1/route.ts', "import { getAppServices } from '@/server/app-services';\nexport const x = getAppServices;\n")).toEqual([]);
  });

  it('fails on an import cycle', async () => {
    const [result] = await eslint.lintFiles([path.join(ROOT, 'scripts/lint-fixtures/cycle-a.ts')]);
    expect(result?.messages.map((message) => message.ruleId)).toContain('import/no-cycle');
  });
});

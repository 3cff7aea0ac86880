#!/usr/bin/env node
// Runs the built CLI (dist/cli/quorum.mjs, made by `npm run build:cli` at install) while it is newer
// than every file it was built from; otherwise rebuilds it (a fraction of a second), and if that is
// not possible runs the TypeScript through tsx, which compiles on every call (several seconds).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const built = path.join(root, 'dist', 'cli', 'quorum.mjs');

/** The bundle exists and no file listed in its inputs changed after it was written. */
function isBuildCurrent() {
  try {
    const builtAt = fs.statSync(built).mtimeMs;
    const { inputs } = JSON.parse(fs.readFileSync(path.join(root, 'dist', 'cli', 'inputs.json'), 'utf8'));
    return inputs.every((input) => fs.statSync(path.join(root, input)).mtimeMs <= builtAt);
  } catch {
    // Missing, or a source file it was built from is gone.
    return false;
  }
}

async function loadCli() {
  if (process.env.QUORUM_CLI_FROM_SOURCE !== '1') {
    if (!isBuildCurrent()) {
      try {
        const { buildCli } = await import(pathToFileURL(path.join(root, 'scripts', 'build-cli.mjs')).href);
        await buildCli({ isQuiet: true });
      } catch (error) {
        if (process.env.QUORUM_DEBUG) process.stderr.write(`quorum: cannot build the CLI (${error instanceof Error ? error.message : String(error)}); running from source\n`);
      }
    }
    if (isBuildCurrent()) return import(pathToFileURL(built).href);
  }
  const { register } = await import('tsx/esm/api');
  register({ tsconfig: path.join(root, 'tsconfig.json') });
  return import(pathToFileURL(path.join(root, 'server/cli/index.ts')).href);
}

const { runCli } = await loadCli();
await runCli(process.argv);

#!/usr/bin/env node
// The CLI is TypeScript; tsx's loader runs it without a build step so `npx quorum` works after install.
import { register } from 'tsx/esm/api';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
register({ tsconfig: path.join(root, 'tsconfig.json') });
const { runCli } = await import(path.join(root, 'server/cli/index.ts'));
await runCli(process.argv);

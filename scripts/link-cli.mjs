// Links node_modules/.bin/quorum to bin/quorum.js, run at install by `prepare`.
// Why not package.json "bin": for a command named in the current project's own "bin", npx loads the
// whole installed tree (Arborist) before running it, about half a second on 2 cores. A command found
// in node_modules/.bin is run at once. The package is private (never installed from the registry),
// so "bin" served only `npx quorum` inside the checkout, which this link serves faster.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const binDir = path.join(root, 'node_modules', '.bin');
const link = path.join(binDir, 'quorum');
fs.mkdirSync(binDir, { recursive: true });
fs.rmSync(link, { force: true });
fs.symlinkSync(path.relative(binDir, path.join(root, 'bin', 'quorum.js')), link);

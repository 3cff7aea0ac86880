#!/usr/bin/env node
// Bundles the `quorum` CLI (server/cli/index.ts) into dist/cli/quorum.mjs, so a command starts in a
// fraction of a second instead of tsx compiling the TypeScript on every call. npm packages stay
// external (node_modules is next to dist/), and the list of source files goes in
// dist/cli/inputs.json, which bin/quorum.js compares against to run the bundle only while it is
// up to date. Plain JavaScript, so it runs at `prepare` without a loader.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'dist', 'cli');
const outFile = path.join(outDir, 'quorum.mjs');
/** Files besides the sources whose change makes the bundle stale. */
const BUILD_INPUTS = ['package.json', 'tsconfig.json', 'scripts/build-cli.mjs'];

/**
 * Source files that find things next to themselves (migrations, the compute thread's entry) do so
 * through import.meta; in the bundle that would point into dist/cli. Each file's import.meta.url and
 * import.meta.dirname are rewritten to its own place in the source tree, relative to the bundle.
 */
const keepSourceLocation = {
  name: 'keep-source-location',
  setup(onBuild) {
    onBuild.onLoad({ filter: /\.(ts|mts|js|mjs)$/ }, async (args) => {
      if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      const source = await fs.promises.readFile(args.path, 'utf8');
      if (!source.includes('import.meta.')) return undefined;
      const fromBundle = path.relative(outDir, args.path).split(path.sep).join('/');
      const dirFromBundle = `${path.posix.dirname(fromBundle)}/`;
      const contents = source
        .replaceAll('import.meta.url', `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`)
        .replaceAll('import.meta.dirname', `decodeURIComponent(new URL(${JSON.stringify(dirFromBundle)}, import.meta.url).pathname).replace(/\\/$/, '')`);
      return { contents, loader: path.extname(args.path).slice(1).replace(/^m/, '') };
    });
  },
};

/** Builds into a fresh directory and swaps it in, so a CLI started meanwhile never sees half a build. */
export async function buildCli({ isQuiet = false } = {}) {
  const started = performance.now();
  const staging = `${outDir}.build-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  try {
    const result = await build({
      absWorkingDir: root,
      entryPoints: ['server/cli/index.ts'],
      outdir: staging,
      entryNames: 'quorum',
      outExtension: { '.js': '.mjs' },
      // Chunks beside the entry: import.meta.url then means the same directory in every output file.
      chunkNames: '[name]-[hash]',
      splitting: true,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      tsconfig: path.join(root, 'tsconfig.json'),
      metafile: true,
      logLevel: isQuiet ? 'silent' : 'warning',
      plugins: [keepSourceLocation],
      banner: { js: '// Built by scripts/build-cli.mjs from server/cli; do not edit.' },
    });
    const inputs = Object.keys(result.metafile.inputs).filter((input) => !input.startsWith('node_modules/'));
    fs.writeFileSync(path.join(staging, 'inputs.json'), `${JSON.stringify({ inputs: [...inputs, ...BUILD_INPUTS] }, null, 1)}\n`);
    fs.rmSync(outDir, { recursive: true, force: true });
    fs.renameSync(staging, outDir);
    if (!isQuiet) console.info(`quorum CLI built: ${path.relative(root, outFile)} from ${inputs.length} files in ${Math.round(performance.now() - started)} ms`);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await buildCli({ isQuiet: process.argv.includes('--quiet') });

import fs from 'node:fs';
import path from 'node:path';
import { printReport, writeReport, type TBenchReport } from './report';

/** `npm run bench -- <suite> [args]`: runs bench/suites/<suite>.ts, prints its table, writes its JSON. */
const suitesDir = path.resolve(import.meta.dirname, 'suites');
const available = (fs.existsSync(suitesDir) ? fs.readdirSync(suitesDir) : [])
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
  .map((file) => file.replace(/\.ts$/, ''));
const [suite, ...args] = process.argv.slice(2);

if (!suite || !available.includes(suite)) {
  console.error(`usage: npm run bench -- <suite>\nsuites: ${available.join(', ') || '(none yet)'}`);
  process.exit(2);
}

const suiteModule = (await import(path.join(suitesDir, `${suite}.ts`))) as { runBench: (args: string[]) => Promise<TBenchReport> };
const report = await suiteModule.runBench(args);
printReport(report);
console.info(`\nwritten: ${path.relative(process.cwd(), writeReport(report))}`);
process.exit(0);

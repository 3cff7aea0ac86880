/*
 * Throughput and peak memory of the import layer on generated rows: short ones, and for `csv-long`
 * quoted texts of a few hundred characters like the import benchmark's.
 *   npx tsx server/import/measure-parse.ts [rows=1000000]
 * Each (format, mode) runs in a child process so its peak RSS is its own. Modes:
 *   parse      decode + record reader only (papaparse / stream-json / JSON.parse per line, wrapped)
 *   import     readImport end to end: mapping, validation, label check, sha256 content hash
 *   library    the bare library, to see what the readers add (papaparse's Parser on the decoded
 *              chunks; stream-json's parser + StreamArray streams)
 *   csv-parse  csv-parse's stream on the same rows, the CSV parser papaparse was chosen over
 *   zod        parse + a zod object schema run on every record (the cost of per-row zod)
 * Rows/s include generating the rows in the same process. Peak RSS of `import` includes the
 * duplicate-id map, which grows with the number of distinct external ids (~60 MB heap per million).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { createDecodeState, decodeText, readByteChunks } from './decode-text';
import { createRecordParser, readImport } from './import-stream';
import { createReadResult } from './records';
import type { TImportFormat, TImportMapping } from './types';

const FORMATS = ['csv', 'csv-long', 'tsv', 'jsonl', 'json', 'label-studio'] as const;
type TFormat = (typeof FORMATS)[number];
type TMode = 'parse' | 'import' | 'library' | 'csv-parse' | 'zod';
const MODES: Record<TFormat, TMode[]> = {
  csv: ['parse', 'import', 'library', 'csv-parse', 'zod'],
  'csv-long': ['parse', 'import', 'library', 'csv-parse'],
  tsv: ['parse', 'import'],
  jsonl: ['parse', 'import'],
  json: ['parse', 'import', 'library'],
  'label-studio': ['parse', 'import', 'library'],
};
const LABELS = ['spam', 'ham'];

function formatRow(format: TFormat, i: number): string {
  const label = i % 3 === 0 ? 'spam' : 'ham';
  const text = `Message number ${i}: meet me at ${i % 24}:00, "quoted" maybe`;
  switch (format) {
    case 'csv':
      // Every fifth row quoted with an escaped quote, so both CSV paths are exercised.
      return i % 5 === 0 ? `${i},"${text.replaceAll('"', '""')}",${label},web\n` : `${i},${text.replaceAll('"', '').replaceAll(',', ';')},${label},web\n`;
    case 'csv-long':
      return `${i},"${`${text.replaceAll('"', '""')} about the order, please reply. `.repeat(1 + (i % 8))}",${label},web\n`;
    case 'tsv':
      return `${i}\t${text}\t${label}\tweb\n`;
    case 'jsonl':
      return `${JSON.stringify({ id: i, text, label, source: 'web' })}\n`;
    case 'json':
      return `${i === 0 ? '[' : ','}${JSON.stringify({ id: i, text, label, source: 'web' })}\n`;
    case 'label-studio':
      return `${i === 0 ? '[' : ','}${JSON.stringify({
        id: i,
        data: { text, external_id: String(i), source: 'web' },
        annotations: [{ completed_by: 1, was_cancelled: false, lead_time: 3.2, created_at: '2024-05-02T10:00:00Z', result: [{ from_name: 'label', to_name: 'text', type: 'choices', value: { choices: [label] } }] }],
        predictions: [],
      })}\n`;
  }
}

async function* generate(format: TFormat, rows: number): AsyncGenerator<Buffer> {
  let pending = format === 'csv' || format === 'csv-long' ? 'id,text,label,source\n' : format === 'tsv' ? 'id\ttext\tlabel\tsource\n' : '';
  for (let i = 0; i < rows; i++) {
    pending += formatRow(format, i);
    if (pending.length >= 64 * 1024) {
      yield Buffer.from(pending);
      pending = '';
    }
  }
  if (format === 'json' || format === 'label-studio') pending += ']\n';
  yield Buffer.from(pending);
}

function toImportFormat(format: TFormat): TImportFormat {
  return format === 'csv-long' ? 'csv' : format;
}

function getMapping(format: TFormat): TImportMapping {
  if (format === 'label-studio') return { textField: 'text', idField: 'external_id', fromName: 'label' };
  return { textField: 'text', labelField: 'label', idField: 'id' };
}

const ZFlatRow = z.object({ id: z.string(), text: z.string().min(1), label: z.enum(['spam', 'ham']), source: z.string() });

async function countParsed(format: TFormat, rows: number, isZod: boolean): Promise<number> {
  const source = Readable.from(generate(format, rows));
  const decode = createDecodeState();
  const parser = createRecordParser(toImportFormat(format), format === 'json' || format === 'label-studio' ? '[' : '', { maxRowBytes: 1 << 20, decode });
  let count = 0;
  let zodFailures = 0;
  const take = (out: ReturnType<typeof createReadResult>) => {
    count += out.records.length;
    if (isZod) for (const record of out.records) if (!ZFlatRow.safeParse(record.value).success) zodFailures++;
  };
  for await (const text of decodeText(readByteChunks(source), decode)) {
    const out = createReadResult();
    parser.push(text, out);
    take(out);
  }
  const out = createReadResult();
  parser.end(out);
  take(out);
  if (zodFailures > 0) throw new Error(`zod rejected ${zodFailures} rows`);
  return count;
}

async function countImported(format: TFormat, rows: number): Promise<number> {
  const stream = readImport(Readable.from(generate(format, rows)), { format: toImportFormat(format), mapping: getMapping(format), labels: LABELS });
  let count = 0;
  for await (const batch of stream) count += batch.rows.length;
  const totals = stream.getTotals();
  if (totals.problems > 0) throw new Error(`unexpected problems: ${JSON.stringify(totals)}`);
  return count;
}

async function countWithLibrary(format: TFormat, rows: number): Promise<number> {
  let count = 0;
  if (format === 'csv' || format === 'csv-long') {
    const { default: Papa } = await import('papaparse');
    const parser = new Papa.Parser({ delimiter: ',', newline: '\n' });
    let carry = '';
    for await (const text of decodeText(readByteChunks(Readable.from(generate(format, rows))), createDecodeState())) {
      const input = carry + text;
      const result = parser.parse(input, 0, true) as { data: unknown[]; meta: { cursor: number } };
      count += result.data.length;
      carry = input.slice(result.meta.cursor);
    }
    count += (parser.parse(carry, 0, false) as { data: unknown[] }).data.length;
    return count - 1;
  }
  const { parser } = await import('stream-json');
  const { streamArray } = await import('stream-json/streamers/stream-array.js');
  for await (const _item of Readable.from(generate(format, rows)).pipe(parser.asStream()).pipe(streamArray.asStream())) count++;
  return count;
}

async function countWithCsvParse(format: TFormat, rows: number): Promise<number> {
  const { parse } = await import('csv-parse');
  let count = 0;
  for await (const _record of Readable.from(generate(format, rows)).pipe(parse({ relax_column_count: true }))) count++;
  return count - 1;
}

async function measureOne(format: TFormat, mode: TMode, rows: number): Promise<void> {
  const started = performance.now();
  const count =
    mode === 'import'
      ? await countImported(format, rows)
      : mode === 'library'
        ? await countWithLibrary(format, rows)
        : mode === 'csv-parse'
          ? await countWithCsvParse(format, rows)
          : await countParsed(format, rows, mode === 'zod');
  const seconds = (performance.now() - started) / 1000;
  if (count !== rows) throw new Error(`${format}/${mode}: read ${count} of ${rows} rows`);
  const peakMb = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify({ format, mode, rows, seconds: Number(seconds.toFixed(2)), rowsPerSecond: Math.round(rows / seconds), peakRssMb: Math.round(peakMb) }));
}

async function main(): Promise<void> {
  const [first, second, third] = process.argv.slice(2);
  if (first && second && (FORMATS as readonly string[]).includes(first)) {
    await measureOne(first as TFormat, second as TMode, Number(third ?? 1_000_000));
    return;
  }
  const rows = Number(first ?? 1_000_000);
  const script = fileURLToPath(import.meta.url);
  console.log(`node ${process.version}, ${rows} rows per run\n`);
  console.log('format        mode      rows/s     seconds  peak RSS');
  for (const format of FORMATS) {
    for (const mode of MODES[format]) {
      const child = spawnSync(process.execPath, [...process.execArgv, script, format, mode, String(rows)], { encoding: 'utf8' });
      const line = child.stdout.trim().split('\n').pop() ?? '';
      if (child.status !== 0 || !line.startsWith('{')) {
        console.log(`${format.padEnd(13)} ${mode.padEnd(8)}  failed: ${child.stderr.trim().split('\n').slice(-3).join(' ')}`);
        continue;
      }
      const r = JSON.parse(line) as { rowsPerSecond: number; seconds: number; peakRssMb: number };
      console.log(`${format.padEnd(13)} ${mode.padEnd(8)} ${String(r.rowsPerSecond).padStart(8)}  ${r.seconds.toFixed(2).padStart(8)}  ${r.peakRssMb} MB`);
    }
  }
}

await main();

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** One measured figure beside its target; `better` says which direction meets the target. */
export type TBenchFigure = {
  name: string;
  value: number | null;
  unit: string;
  target?: { value: number; better: 'higher' | 'lower' };
  note?: string;
};

export type TBenchReport = {
  suite: string;
  sizes: Record<string, number | string>;
  backend?: string;
  figures: TBenchFigure[];
  /** Anything else the suite measured beside the figures (query plans, statement statistics). */
  details?: Record<string, unknown>;
};

export function describeMachine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    platform: `${os.platform()} ${os.release()}`,
    node: process.version,
  };
}

export function meetsTarget(figure: TBenchFigure): boolean | null {
  if (!figure.target || figure.value === null) return null;
  return figure.target.better === 'higher' ? figure.value >= figure.target.value : figure.value <= figure.target.value;
}

function formatNumber(value: number | null): string {
  if (value === null) return '—';
  return Math.abs(value) >= 100 ? Math.round(value).toLocaleString('en') : value.toPrecision(3);
}

export function printReport(report: TBenchReport): void {
  const rows = report.figures.map((figure) => {
    const met = meetsTarget(figure);
    return [
      figure.name,
      `${formatNumber(figure.value)} ${figure.unit}`,
      figure.target ? `${figure.target.better === 'higher' ? '≥' : '≤'} ${formatNumber(figure.target.value)} ${figure.unit}` : '',
      met === null ? '' : met ? 'met' : 'MISSED',
    ];
  });
  const header = ['figure', 'measured', 'target', ''];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ');
  console.info(`\n${report.suite} — ${Object.entries(report.sizes).map(([key, value]) => `${key}=${value}`).join(', ')}${report.backend ? ` — backend ${report.backend}` : ''}`);
  console.info(line(header));
  for (const row of rows) console.info(line(row));
}

export function writeReport(report: TBenchReport, directory = path.resolve(import.meta.dirname, 'results')): string {
  fs.mkdirSync(directory, { recursive: true });
  const file = path.join(directory, `${report.suite}.json`);
  const body = {
    ...report,
    figures: report.figures.map((figure) => ({ ...figure, met: meetsTarget(figure) })),
    machine: describeMachine(),
    measuredAt: new Date().toISOString(),
  };
  fs.writeFileSync(file, `${JSON.stringify(body, null, 2)}\n`);
  return file;
}

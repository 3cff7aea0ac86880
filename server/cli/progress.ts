import { Transform } from 'node:stream';
import cliProgress from 'cli-progress';

export type TProgress = {
  /** `value` of `total` (when known) done; `detail` is shown after it, e.g. "1,200 rows". */
  update(value: number, detail?: string): void;
  stop(): void;
};

export type TProgressOptions = {
  label: string;
  total?: number;
  /** Formats `value` (and the total) for the line, e.g. as megabytes. */
  formatValue?: (value: number) => string;
  stream?: NodeJS.WriteStream;
  /** Without a terminal: one line at most this often. */
  intervalMs?: number;
  /** Nothing at all (--json output, tests). */
  isSilent?: boolean;
};

const DEFAULT_INTERVAL_MS = 5_000;

/**
 * A progress bar on a terminal; elsewhere (CI logs, a pipe, `2> file`) a plain line every few
 * seconds, because a redrawn bar there is a wall of carriage returns. It writes to stderr so
 * stdout stays the command's result.
 */
export function createProgress(options: TProgressOptions): TProgress {
  const stream = options.stream ?? process.stderr;
  const format = options.formatValue ?? ((value: number) => value.toLocaleString('en'));
  if (options.isSilent) return { update() {}, stop() {} };
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${options.label} [{bar}] ${options.total ? '{percentage}% | ' : ''}{shown}{detail}`,
        stream,
        hideCursor: true,
        clearOnComplete: true,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(options.total ?? 0, 0, { shown: format(0), detail: '' });
    return {
      update: (value, detail) => bar.update(value, { shown: `${format(value)}${options.total ? ` of ${format(options.total)}` : ''}`, detail: detail ? ` | ${detail}` : '' }),
      stop: () => bar.stop(),
    };
  }
  const intervalMs = options.intervalMs ?? DEFAULT_INTERVAL_MS;
  const started = Date.now();
  let lastLine = started;
  return {
    update(value, detail) {
      const now = Date.now();
      if (now - lastLine < intervalMs) return;
      lastLine = now;
      const share = options.total ? ` (${Math.floor((100 * value) / options.total)}%)` : '';
      stream.write(`${options.label}: ${format(value)}${options.total ? ` of ${format(options.total)}` : ''}${share}${detail ? `, ${detail}` : ''}, ${Math.round((now - started) / 1000)} s\n`);
    },
    stop() {},
  };
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Passes a stream through, reporting the bytes seen so far (for a progress bar). */
export function countBytes(onBytes: (total: number) => void): Transform {
  let total = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      total += chunk.length;
      onBytes(total);
      callback(null, chunk);
    },
  });
}

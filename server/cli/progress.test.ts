import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createProgress, formatBytes } from './progress';

/** A stream that records what is written, as a terminal (isTTY) or not. */
function captureStream(isTTY: boolean) {
  const writes: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      writes.push(chunk.toString());
      callback();
    },
  }) as unknown as NodeJS.WriteStream;
  Object.assign(stream, { isTTY, columns: 80, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
  return { stream, writes };
}

describe('createProgress', () => {
  afterEach(() => vi.useRealTimers());

  it('writes one plain line per interval when the output is not a terminal, never a carriage return', () => {
    vi.useFakeTimers({ now: 0 });
    const { stream, writes } = captureStream(false);
    const progress = createProgress({ label: 'importing', total: 1000, stream, intervalMs: 5000 });
    for (let step = 1; step <= 100; step++) {
      vi.advanceTimersByTime(200);
      progress.update(step * 10, `${step} rows`);
    }
    progress.stop();
    // 20 s of updates every 200 ms: a line at 5, 10, 15 and 20 s.
    expect(writes).toEqual(['importing: 250 of 1,000 (25%), 25 rows, 5 s\n', 'importing: 500 of 1,000 (50%), 50 rows, 10 s\n', 'importing: 750 of 1,000 (75%), 75 rows, 15 s\n', 'importing: 1,000 of 1,000 (100%), 100 rows, 20 s\n']);
    expect(writes.join('')).not.toContain('\r');
  });

  it('draws a bar on a terminal and says nothing when silenced', () => {
    const tty = captureStream(true);
    const bar = createProgress({ label: 'exporting', stream: tty.stream });
    bar.update(5, '5 items');
    bar.stop();
    expect(tty.writes.join('')).toMatch(/exporting \[/);
    const silent = captureStream(false);
    const quiet = createProgress({ label: 'x', stream: silent.stream, isSilent: true, intervalMs: 0 });
    quiet.update(1);
    expect(silent.writes).toEqual([]);
  });

  it('formats sizes for people', () => {
    expect([formatBytes(512), formatBytes(20 * 1024), formatBytes(3.25 * 1024 * 1024)]).toEqual(['0.5 KB', '20 KB', '3.3 MB']);
  });
});

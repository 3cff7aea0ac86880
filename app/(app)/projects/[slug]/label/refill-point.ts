/**
 * When a labeling session asks for more tasks: when the tasks left would last about as long as an
 * exchange takes, at the annotator's own pace. A fixed "two left" covers a quick server at a label
 * every 100 ms, but not one that is busy: under load a round trip takes several labels' time, and
 * the screen then waits. So the point follows the slowest recent round trip over the typical
 * interval between answers, plus one task of slack.
 *
 * It never goes above half the batch, so every exchange still carries at least half a batch of
 * answers and tasks: refilling earlier under load would send more, smaller requests to a server
 * that is already the bottleneck.
 */
const MIN_POINT = 2;
const ROUND_TRIPS_KEPT = 8;
const INTERVALS_KEPT = 16;
// A pause longer than this is a person stopping, not their pace.
const MAX_INTERVAL_MS = 10_000;

export class RefillPoint {
  private readonly roundTripsMs: number[] = [];
  private readonly intervalsMs: number[] = [];
  private lastAnswerAt: number | null = null;

  constructor(private readonly batchSize: number) {}

  recordRoundTrip(ms: number): void {
    this.roundTripsMs.push(ms);
    if (this.roundTripsMs.length > ROUND_TRIPS_KEPT) this.roundTripsMs.shift();
  }

  recordAnswer(at: number): void {
    const interval = this.lastAnswerAt === null ? null : at - this.lastAnswerAt;
    this.lastAnswerAt = at;
    if (interval === null || interval > MAX_INTERVAL_MS) return;
    this.intervalsMs.push(interval);
    if (this.intervalsMs.length > INTERVALS_KEPT) this.intervalsMs.shift();
  }

  /** Ask for tasks when this many or fewer are held. A batch of one refills when empty. */
  get tasksLeft(): number {
    const ceiling = Math.max(Math.min(MIN_POINT, this.batchSize - 1), Math.floor(this.batchSize / 2));
    if (this.roundTripsMs.length === 0 || this.intervalsMs.length === 0) return Math.min(MIN_POINT, ceiling);
    const slowest = Math.max(...this.roundTripsMs);
    const pace = median(this.intervalsMs);
    const needed = Math.ceil(slowest / Math.max(pace, 1)) + 1;
    return Math.min(ceiling, Math.max(MIN_POINT, needed));
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

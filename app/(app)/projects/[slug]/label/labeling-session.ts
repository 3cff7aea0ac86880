import { MAX_HELD_ITEMS, type TBatchAnswer, type TBatchAnswerResult, type TQueueTask } from '@/server/routers/label.schema';
import { RefillPoint } from './refill-point';

/**
 * The annotator's side of the batched labeling path, without React (the labeling screen wraps it in
 * a hook, the queue benchmark drives it directly, so the benchmark measures what the screen does).
 *
 * It holds up to `batchSize` leased tasks, the first one on screen. An answer moves the next one on
 * screen at once and joins the outbox. One exchange at a time goes to the server, carrying every
 * unsent answer and asking for enough tasks to fill the batch again. An exchange starts when the
 * tasks left would last about one round trip at the annotator's pace (see RefillPoint), when an
 * answer has waited `maxAnswerDelayMs`, or when the page is leaving (flush), so under load several labels share a request and the next task is
 * already there; at a person's pace an answer still reaches the server within a second or two.
 */
export type TExchangeRequest = { answers: TBatchAnswer[]; holdItemIds: number[]; want: number };
export type TExchangeResponse = { results: TBatchAnswerResult[]; tasks: TQueueTask[]; serverTime: Date };

/** A failed exchange: `status` is absent when no answer came at all (network down, server restarting). */
export class ExchangeError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
  ) {
    super(message);
  }
  /** Whether sending the same exchange again may succeed; refusals (4xx) never change. */
  get isTransient(): boolean {
    return this.status === undefined || this.status >= 500 || this.status === 429;
  }
}

type TWireResponse = {
  results: (Omit<TBatchAnswerResult, 'undoUntil'> & { undoUntil?: string })[];
  tasks: (Omit<TQueueTask, 'leaseExpiresAt'> & { leaseExpiresAt: string })[];
  serverTime: string;
};

/** The exchange route's JSON, with its dates as dates. */
export function readExchangeResponse(json: unknown): TExchangeResponse {
  const wire = json as TWireResponse;
  return {
    serverTime: new Date(wire.serverTime),
    tasks: wire.tasks.map((task) => ({ ...task, leaseExpiresAt: new Date(task.leaseExpiresAt) })),
    results: wire.results.map((result) => (result.status === 'stored' ? { ...result, undoUntil: new Date(result.undoUntil ?? 0) } : result)) as TBatchAnswerResult[],
  };
}

export type TOutboxEntry = {
  answer: TBatchAnswer;
  description: string;
  state: 'queued' | 'sending' | 'retrying' | 'failed';
  error?: string;
  queuedAt: number;
};

export type TSessionEvents = {
  /** An answer the server stored (or had stored: a retry). */
  onStored?: (entry: TOutboxEntry, result: Extract<TBatchAnswerResult, { status: 'stored' }>) => void;
  /** An answer the server will never take (the reservation expired and someone else labeled the item). */
  onRefused?: (entry: TOutboxEntry, message: string) => void;
  /** Loading tasks failed for good (not a transient failure): the message says why. */
  onLoadFailed?: (message: string) => void;
  /** Anything a screen shows changed. */
  onChange?: () => void;
};

export type TSessionOptions = {
  batchSize: number;
  exchange: (request: TExchangeRequest) => Promise<TExchangeResponse>;
  events?: TSessionEvents;
  /** An answer is sent at the latest this long after it was given. */
  maxAnswerDelayMs?: number;
  /**
   * A buffered task with less lease than this left is dropped (its item goes back to the queue), or
   * with less than a quarter of the lease it came with, when leases are short.
   */
  leaseMarginMs?: number;
  now?: () => number;
};

const MAX_ANSWERS_PER_EXCHANGE = 50;
const MAX_ATTEMPTS = 8;
const MAX_RETRY_DELAY_MS = 10_000;

export class LabelingSession {
  tasks: TQueueTask[] = [];
  outbox: TOutboxEntry[] = [];
  /** The last exchange asked for tasks and got none: nothing is left for this annotator right now. */
  isExhausted = false;
  /** No exchange has answered yet. */
  isLoading = true;
  private isSending = false;
  private isFlushRequested = false;
  private isStopped = false;
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  // Server clock minus ours, from the last exchange: leases are judged by the server's clock.
  private clockOffsetMs = 0;
  private readonly waiters: (() => void)[] = [];
  // Each buffered task's lease as it came (ms left then), for the margin of short leases.
  private readonly leaseLengths = new Map<number, number>();
  private readonly refillPoint: RefillPoint;
  private readonly options: Required<Omit<TSessionOptions, 'events'>> & { events: TSessionEvents };

  constructor(options: TSessionOptions) {
    this.options = { maxAnswerDelayMs: 1500, leaseMarginMs: 15_000, now: () => Date.now(), events: {}, ...options, batchSize: Math.max(1, Math.floor(options.batchSize)) };
    this.refillPoint = new RefillPoint(this.options.batchSize);
  }

  get current(): TQueueTask | null {
    return this.tasks[0] ?? null;
  }

  get upcoming(): TQueueTask | null {
    return this.tasks[1] ?? null;
  }

  /** Starts the first exchange (the first batch of tasks). */
  start(): void {
    this.isStopped = false;
    void this.pump();
  }

  stop(): void {
    this.isStopped = true;
    if (this.flushTimer) clearTimeout(this.flushTimer);
  }

  /** Answers the task on screen (a label, a set, spans, or a skip with its reason); the next one shows at once. */
  answer(answer: Omit<TBatchAnswer, 'itemId'>, description: string): TOutboxEntry | null {
    const task = this.tasks[0];
    if (!task) return null;
    this.tasks = this.tasks.slice(1);
    const entry: TOutboxEntry = { answer: { ...answer, itemId: task.itemId } as TBatchAnswer, description, state: 'queued', queuedAt: this.options.now() };
    this.refillPoint.recordAnswer(entry.queuedAt);
    this.outbox = [...this.outbox, entry];
    this.changed();
    void this.pump();
    return entry;
  }

  /** Puts a task back on screen first (an undone answer's item). */
  showFirst(task: TQueueTask): void {
    this.tasks = [task, ...this.tasks.filter((held) => held.itemId !== task.itemId)];
    this.isExhausted = false;
    this.changed();
  }

  /** Sends every unsent answer now (the page is being hidden, an undo waits for its answer). */
  flush(): void {
    void this.pump(true);
  }

  /** Asks the server again after "nothing left" or a failure to load. */
  reload(): void {
    this.isExhausted = false;
    this.changed();
    void this.pump();
  }

  /** Sends answers that failed for good (a refusal of the whole exchange, e.g. signed out) again. */
  retryFailed(): void {
    for (const entry of this.outbox) {
      if (entry.state !== 'failed') continue;
      entry.state = 'queued';
      entry.error = undefined;
    }
    this.outbox = [...this.outbox];
    this.changed();
    void this.pump(true);
  }

  /** Resolves when a task is on screen or nothing is left (the benchmark waits on this). */
  waitForTask(): Promise<void> {
    if (this.tasks.length > 0 || this.isExhausted) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private wantedTasks(): number {
    if (this.isExhausted) return 0;
    return this.tasks.length <= this.refillPoint.tasksLeft ? this.options.batchSize - this.tasks.length : 0;
  }

  private queuedAnswers(): TOutboxEntry[] {
    return this.outbox.filter((entry) => entry.state === 'queued').slice(0, MAX_ANSWERS_PER_EXCHANGE);
  }

  /** Starts an exchange if one is due and none is running; otherwise arms the timer for the oldest answer. */
  private async pump(isFlush = false): Promise<void> {
    if (isFlush) this.isFlushRequested = true;
    if (this.isStopped || this.isSending) return;
    this.dropExpiring();
    const queued = this.queuedAnswers();
    const want = this.wantedTasks();
    const oldest = queued[0]?.queuedAt;
    const isAnswerDue =
      oldest !== undefined && (this.isFlushRequested || want > 0 || this.options.now() - oldest >= this.options.maxAnswerDelayMs || queued.length >= MAX_ANSWERS_PER_EXCHANGE);
    if (isAnswerDue || want > 0) {
      this.isFlushRequested = false;
      await this.send(isAnswerDue ? queued : [], want);
    } else if (oldest !== undefined) {
      this.armTimer(oldest + this.options.maxAnswerDelayMs - this.options.now());
    }
  }

  private armTimer(delayMs: number): void {
    if (this.flushTimer) return;
    this.flushTimer = setTimeout(
      () => {
        this.flushTimer = null;
        void this.pump();
      },
      Math.max(0, delayMs),
    );
  }

  private async send(entries: TOutboxEntry[], want: number): Promise<void> {
    this.isSending = true;
    if (this.flushTimer) {
      clearTimeout(this.flushTimer);
      this.flushTimer = null;
    }
    const sending = new Set(entries);
    this.setState(sending, 'sending');
    const request: TExchangeRequest = {
      answers: entries.map((entry) => entry.answer),
      holdItemIds: [...this.tasks.map((task) => task.itemId), ...this.outbox.map((entry) => entry.answer.itemId)].slice(0, MAX_HELD_ITEMS),
      want,
    };
    try {
      const response = await this.exchangeWithRetry(request, () => this.setState(sending, 'retrying'));
      this.clockOffsetMs = response.serverTime.getTime() - this.options.now();
      for (const task of response.tasks) this.leaseLengths.set(task.itemId, new Date(task.leaseExpiresAt).getTime() - response.serverTime.getTime());
      this.settle(entries, response.results);
      const held = new Set(this.tasks.map((task) => task.itemId));
      this.tasks = [...this.tasks, ...response.tasks.filter((task) => !held.has(task.itemId))];
      if (want > 0 && response.tasks.length === 0) this.isExhausted = true;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.setState(sending, 'failed', message);
      if (want > 0 && this.tasks.length === 0) {
        this.isExhausted = true;
        this.options.events.onLoadFailed?.(message);
      }
    } finally {
      this.isSending = false;
      this.isLoading = false;
      this.changed();
    }
    void this.pump();
  }

  private async exchangeWithRetry(request: TExchangeRequest, onRetry: () => void): Promise<TExchangeResponse> {
    for (let attempt = 1; ; attempt++) {
      try {
        const startedAt = this.options.now();
        const response = await this.options.exchange(request);
        this.refillPoint.recordRoundTrip(this.options.now() - startedAt);
        return response;
      } catch (error) {
        const isTransient = !(error instanceof ExchangeError) || error.isTransient;
        if (!isTransient || attempt >= MAX_ATTEMPTS || this.isStopped) throw error;
        onRetry();
        await new Promise((resolve) => setTimeout(resolve, Math.min(MAX_RETRY_DELAY_MS, 400 * 2 ** (attempt - 1))));
      }
    }
  }

  private settle(entries: TOutboxEntry[], results: TBatchAnswerResult[]): void {
    const byClientId = new Map(results.map((result) => [result.clientId, result]));
    const done = new Set<TOutboxEntry>();
    for (const entry of entries) {
      const result = byClientId.get(entry.answer.clientId);
      if (!result) continue;
      done.add(entry);
      if (result.status === 'stored') this.options.events.onStored?.(entry, result);
      else this.options.events.onRefused?.(entry, result.message);
    }
    // An answer the server did not mention (it never should) is sent again with the next exchange.
    for (const entry of entries) if (!done.has(entry)) entry.state = 'queued';
    this.outbox = this.outbox.filter((entry) => !done.has(entry));
  }

  private setState(entries: Set<TOutboxEntry>, state: TOutboxEntry['state'], error?: string): void {
    // The same objects, changed in place, so the exchange in flight still recognises them.
    for (const entry of entries) {
      entry.state = state;
      entry.error = error;
    }
    this.outbox = [...this.outbox];
    this.changed();
  }

  /** Drops buffered tasks (never the one on screen) whose lease ends too soon to be worth showing. */
  private dropExpiring(): void {
    const serverNow = this.options.now() + this.clockOffsetMs;
    const [onScreen, ...buffered] = this.tasks;
    if (!onScreen) return;
    const kept = buffered.filter((task) => {
      const margin = Math.min(this.options.leaseMarginMs, (this.leaseLengths.get(task.itemId) ?? 0) / 4);
      return new Date(task.leaseExpiresAt).getTime() - serverNow > margin;
    });
    if (kept.length === buffered.length) return;
    this.tasks = [onScreen, ...kept];
    for (const itemId of this.leaseLengths.keys()) if (!this.tasks.some((task) => task.itemId === itemId)) this.leaseLengths.delete(itemId);
    this.changed();
  }

  private changed(): void {
    if (this.tasks.length > 0 || this.isExhausted) this.waiters.splice(0).forEach((resolve) => resolve());
    this.options.events.onChange?.();
  }
}

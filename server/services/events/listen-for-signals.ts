import pg from 'pg';
import { SIGNAL_CHANNEL } from './publish-signals';
import { getProcessSignalBus, type TSignalBus } from './signal-bus';

export type TSignalListener = {
  /** Settles once the first LISTEN is in place (never rejects: a failure is retried). */
  ready: Promise<void>;
  close(): Promise<void>;
};

const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 30_000;
/** What every waiter hears after a reconnect: signals sent while the connection was down are lost. */
const CATCH_UP_TOPIC = 'wake';

/**
 * Hands the signals other processes publish on this PostgreSQL database (publish-signals.ts) to the
 * waiters of this process, on one dedicated connection (LISTEN needs a session, not a pooled client).
 * A lost connection is reopened with back-off; the waiters' own timeouts cover the gap, and a
 * wake-up after the reconnect makes the workers look at once. Signals this process sent itself are
 * skipped: its waiters heard them already.
 */
export function listenForSignals(databaseUrl: string, { bus = getProcessSignalBus(), applicationName = 'quorum signals' }: { bus?: TSignalBus; applicationName?: string } = {}): TSignalListener {
  let client: pg.Client | null = null;
  let isClosed = false;
  let retryMs = FIRST_RETRY_MS;
  let retryTimer: NodeJS.Timeout | null = null;
  let markReady = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  const onNotification = (message: pg.Notification) => {
    if (message.channel !== SIGNAL_CHANNEL || !message.payload) return;
    const space = message.payload.indexOf(' ');
    if (space < 0 || message.payload.slice(0, space) === bus.source) return;
    bus.emit(message.payload.slice(space + 1));
  };

  const scheduleReconnect = (reason: string) => {
    if (isClosed || retryTimer) return;
    console.warn(`[signals] listening connection lost (${reason}); reconnecting in ${retryMs} ms`);
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void connect(true);
    }, retryMs);
    retryTimer.unref();
    retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
  };

  const connect = async (isReconnect: boolean) => {
    const next = new pg.Client({ connectionString: databaseUrl, application_name: applicationName, keepAlive: true });
    next.on('notification', onNotification);
    // Only the connection in use reconnects; a failed connect is handled below.
    const onLost = (reason: string) => {
      if (client !== next) return;
      client = null;
      scheduleReconnect(reason);
    };
    next.on('error', (error) => onLost(error.message));
    next.on('end', () => onLost('closed'));
    try {
      await next.connect();
      await next.query(`LISTEN ${SIGNAL_CHANNEL}`);
    } catch (error) {
      await next.end().catch(() => undefined);
      scheduleReconnect(error instanceof Error ? error.message : String(error));
      return;
    }
    if (isClosed) {
      await next.end().catch(() => undefined);
      return;
    }
    client = next;
    retryMs = FIRST_RETRY_MS;
    if (isReconnect) bus.emit(CATCH_UP_TOPIC);
    markReady();
  };

  void connect(false);
  return {
    ready,
    async close() {
      isClosed = true;
      if (retryTimer) clearTimeout(retryTimer);
      markReady();
      const open = client;
      client = null;
      await open?.end().catch(() => undefined);
    },
  };
}

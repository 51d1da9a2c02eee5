import type { Clock } from '../domain/shared/clock.ts';
import { isStoreUnavailable } from './store-errors.ts';

/** What the HTTP layer needs to fail fast while the store is down. */
export interface StoreAvailability {
  /** False from a failed probe until the next successful one. */
  isAvailable(): boolean;
  /** When the current outage was detected (null while available). */
  downSince(): Date | null;
  /** Calls `listener` at the next transition to unavailable; returns the unsubscribe. */
  onNextOutage(listener: () => void): () => void;
  /** Hands over an error a request met; a store-unavailable error starts a probe at once. */
  report(err: unknown): void;
}

export interface StoreHealthOptions {
  /** One cheap round trip to the store (a `ping` command). */
  ping: () => Promise<unknown>;
  clock: Clock;
  /** Time between probes (default 1000 ms). */
  intervalMs?: number;
  /** A probe not answered within this is a failure (default 2000 ms). */
  timeoutMs?: number;
  timers?: { setTimeout: typeof setTimeout; clearTimeout: typeof clearTimeout };
  onChange?: (available: boolean, cause: unknown) => void;
}

export interface StoreHealth extends StoreAvailability {
  /** Runs one probe now (joining the one in flight) and answers whether the store is available. */
  probe(): Promise<boolean>;
  start(): void;
  stop(): void;
}

/**
 * Watches the store with a short ping of its own, so that a database that hangs (a
 * paused process whose sockets stay open) is noticed in `intervalMs + timeoutMs`
 * instead of the store timeout every request would otherwise wait for. At most one
 * ping is in flight: a hung one keeps the store unavailable until it settles, and a
 * hung store never gets a pile of pings.
 */
export function createStoreHealth(opts: StoreHealthOptions): StoreHealth {
  const intervalMs = opts.intervalMs ?? 1_000;
  const timeoutMs = opts.timeoutMs ?? 2_000;
  const timers = opts.timers ?? { setTimeout, clearTimeout };
  let available = true;
  let since: Date | null = null;
  let pending: Promise<boolean> | null = null;
  let loop: ReturnType<typeof setTimeout> | null = null;
  let running = false;
  let outageListeners = new Set<() => void>();

  function set(up: boolean, cause: unknown): void {
    if (up === available) return;
    available = up;
    since = up ? null : opts.clock.now();
    if (!up) {
      const listeners = outageListeners;
      outageListeners = new Set();
      for (const listener of listeners) listener();
    }
    opts.onChange?.(up, cause);
  }

  function probe(): Promise<boolean> {
    if (pending) return pending;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let settled = false;
    const ping = opts.ping().then(
      () => set(true, null),
      (err: unknown) => set(false, err),
    );
    const timedOut = new Promise<void>((resolve) => {
      const arm = (ms: number, onFire: () => void) => {
        timer = timers.setTimeout(onFire, ms);
        (timer as { unref?: () => void }).unref?.();
      };
      const expire = () => {
        if (!settled) set(false, new Error(`store ping not answered within ${timeoutMs} ms`));
        resolve();
      };
      let armedAt = opts.clock.now().getTime();
      const fire = () => {
        const late = opts.clock.now().getTime() - armedAt - timeoutMs;
        // This process itself stalled (a long synchronous task): the answer may be waiting
        // unread, so the store gets another full period rather than the blame.
        if (late > timeoutMs / 2) {
          armedAt = opts.clock.now().getTime();
          return arm(timeoutMs, fire);
        }
        // Timers run before I/O in a loop turn: let an answer that arrived be read first.
        arm(0, expire);
      };
      arm(timeoutMs, fire);
    });
    const answer = Promise.race([ping, timedOut]).then(() => available);
    pending = answer;
    // The slot frees when the ping itself settles, not at the timeout.
    void ping.finally(() => {
      settled = true;
      timers.clearTimeout(timer);
      pending = null;
    });
    return answer;
  }

  function schedule(): void {
    if (!running) return;
    loop = timers.setTimeout(() => {
      void probe().finally(schedule);
    }, intervalMs);
    (loop as { unref?: () => void }).unref?.();
  }

  return {
    isAvailable: () => available,
    downSince: () => since,
    onNextOutage(listener) {
      outageListeners.add(listener);
      return () => outageListeners.delete(listener);
    },
    report(err) {
      if (isStoreUnavailable(err)) void probe();
    },
    probe,
    start() {
      if (running) return;
      running = true;
      schedule();
    },
    stop() {
      running = false;
      if (loop) timers.clearTimeout(loop);
      loop = null;
    },
  };
}

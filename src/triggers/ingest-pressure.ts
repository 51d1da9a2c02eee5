// How busy the inbound URL is right now, so background processing can step aside:
// answering senders with a durable 202 keeps priority over running their actions
// (which only ever wait in the store). Measured on the process's own clock in two
// rolling windows; no domain time is involved.

export interface IngestPressure {
  /** Counts one accepted request. */
  record(): void;
  /** True while accepts run above the threshold. */
  isHigh(): boolean;
  /** Waits while the pressure is high, at most `maxWaitMs` (processing never starves for good). */
  yieldWhileBusy(maxWaitMs?: number): Promise<void>;
}

export function createIngestPressure(opts: { highPerSecond?: number; windowMs?: number; now?: () => number } = {}): IngestPressure {
  const high = opts.highPerSecond ?? 500;
  const windowMs = opts.windowMs ?? 250;
  const now = opts.now ?? (() => performance.now());
  let windowStart = now();
  let current = 0;
  let previous = 0;

  function roll(t: number): void {
    const elapsed = t - windowStart;
    if (elapsed < windowMs) return;
    previous = elapsed < 2 * windowMs ? current : 0;
    current = 0;
    windowStart = t - (elapsed % windowMs);
  }

  const isHigh = (): boolean => {
    roll(now());
    return (Math.max(previous, current) * 1000) / windowMs > high;
  };

  return {
    record() {
      roll(now());
      current += 1;
    },
    isHigh,
    async yieldWhileBusy(maxWaitMs = 5_000) {
      const deadline = now() + maxWaitMs;
      while (isHigh() && now() < deadline) await new Promise((r) => setTimeout(r, 25));
    },
  };
}

import type { Clock } from '../shared/clock.ts';
import type { AttemptOutcome } from './types.ts';

export type StatsWindow = '1h' | '24h';

const WINDOWS: Record<StatsWindow, { ms: number; bucketMs: number }> = {
  '1h': { ms: 3_600_000, bucketMs: 60_000 },
  '24h': { ms: 86_400_000, bucketMs: 900_000 },
};
/** At most this many deliveries are read per request; beyond it the figures are a sample of the newest. */
export const STATS_SCAN_LIMIT = 20_000;

export interface AttemptSample {
  at: Date;
  outcome: AttemptOutcome;
  latencyMs: number;
}

export interface DeliveryStatsStore {
  /** Attempts of deliveries created at or after `since` (newest deliveries first, at most `limit` deliveries). */
  attemptsSince(orgId: string, since: Date, limit: number): Promise<{ attempts: AttemptSample[]; deliveries: number }>;
  /** Deliveries not yet settled, and those of them already retried once or more. */
  pendingCounts(orgId: string): Promise<{ pending: number; retrying: number }>;
}

type Counts = Record<AttemptOutcome, number>;
const zero = (): Counts => ({ delivered: 0, retry: 0, failed: 0, dropped: 0 });

/** Nearest-rank percentile of sorted values; null for none. */
export function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return Math.round(sorted[rank - 1] * 10) / 10;
}

/** Buckets attempts by time and outcome, with p50/p99 latency per bucket and overall. */
export function bucketAttempts(attempts: AttemptSample[], since: Date, until: Date, bucketMs: number) {
  const start = Math.floor(since.getTime() / bucketMs) * bucketMs;
  const count = Math.ceil((until.getTime() - start) / bucketMs);
  const buckets = Array.from({ length: count }, (_, i) => ({ start: start + i * bucketMs, counts: zero(), latencies: [] as number[] }));
  const totals = zero();
  const all: number[] = [];
  for (const a of attempts) {
    const t = a.at.getTime();
    if (t < since.getTime() || t > until.getTime()) continue;
    const b = buckets[Math.min(count - 1, Math.floor((t - start) / bucketMs))];
    b.counts[a.outcome] += 1;
    b.latencies.push(a.latencyMs);
    totals[a.outcome] += 1;
    all.push(a.latencyMs);
  }
  const byNumber = (x: number, y: number) => x - y;
  all.sort(byNumber);
  return {
    buckets: buckets.map((b) => {
      const sorted = b.latencies.sort(byNumber);
      return { start: new Date(b.start).toISOString(), ...b.counts, p50LatencyMs: percentile(sorted, 50), p99LatencyMs: percentile(sorted, 99) };
    }),
    totals: { attempts: all.length, ...totals, p50LatencyMs: percentile(all, 50), p99LatencyMs: percentile(all, 99) },
  };
}

/** The console overview's figures: attempts per bucket by outcome, latency percentiles, the backlog. */
export function createDeliveryStats(deps: { store: DeliveryStatsStore; clock: Clock }) {
  return {
    async get(orgId: string, window: StatsWindow) {
      const { ms, bucketMs } = WINDOWS[window];
      const until = deps.clock.now();
      const since = new Date(until.getTime() - ms);
      const [scan, backlog] = await Promise.all([deps.store.attemptsSince(orgId, since, STATS_SCAN_LIMIT), deps.store.pendingCounts(orgId)]);
      return {
        object: 'webhook_delivery_stats' as const,
        window,
        since: since.toISOString(),
        until: until.toISOString(),
        bucketSeconds: bucketMs / 1000,
        ...bucketAttempts(scan.attempts, since, until, bucketMs),
        ...backlog,
        sampled: scan.deliveries >= STATS_SCAN_LIMIT,
      };
    },
  };
}

export type DeliveryStats = ReturnType<typeof createDeliveryStats>;

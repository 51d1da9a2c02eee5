import type { Clock } from '../../domain/shared/clock.ts';
import type { RateLimitStore } from './rate-limit-store.ts';

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Unix seconds at which the window resets. */
  resetAt: number;
  retryAfterSeconds: number;
}

interface Lease {
  windowStart: number;
  tokens: number;
  globalCount: number;
  exhausted: boolean;
}

const WINDOW_MS = 60_000;

/**
 * Fixed one-minute windows counted in the shared store. To spare a store round trip on
 * every request, a process claims a small lease of tokens at a time (1/20 of the limit,
 * 1..50): the total claimed by all processes never exceeds the limit, so the limit
 * holds across processes; unused tokens of a lease only make the limit stricter.
 */
export function createRateLimiter(deps: { store: RateLimitStore; clock: Clock }) {
  const leases = new Map<string, Lease>();

  function decision(allowed: boolean, limit: number, lease: Lease, now: number): RateDecision {
    const resetMs = lease.windowStart + WINDOW_MS;
    return {
      allowed,
      limit,
      remaining: allowed ? Math.max(0, limit - lease.globalCount) + lease.tokens : 0,
      resetAt: Math.ceil(resetMs / 1000),
      retryAfterSeconds: Math.max(1, Math.ceil((resetMs - now) / 1000)),
    };
  }

  async function take(key: string, limit: number): Promise<RateDecision> {
    const now = deps.clock.now().getTime();
    const windowStart = Math.floor(now / WINDOW_MS) * WINDOW_MS;
    let lease = leases.get(key);
    if (!lease || lease.windowStart !== windowStart) {
      lease = { windowStart, tokens: 0, globalCount: 0, exhausted: false };
      leases.set(key, lease);
    }
    if (lease.tokens > 0) {
      lease.tokens -= 1;
      return decision(true, limit, lease, now);
    }
    if (lease.exhausted) return decision(false, limit, lease, now);
    const chunk = Math.min(50, Math.max(1, Math.floor(limit / 20)));
    const total = await deps.store.claim(`${key}:${windowStart}`, chunk, new Date(windowStart + 2 * WINDOW_MS));
    const granted = Math.max(0, Math.min(chunk, limit - (total - chunk)));
    lease.globalCount = Math.max(lease.globalCount, total);
    if (granted === 0) {
      lease.exhausted = true;
      return decision(false, limit, lease, now);
    }
    lease.tokens += granted - 1;
    return decision(true, limit, lease, now);
  }

  function sweep(): void {
    const current = Math.floor(deps.clock.now().getTime() / WINDOW_MS) * WINDOW_MS;
    for (const [key, lease] of leases) if (lease.windowStart < current) leases.delete(key);
  }

  return { take, sweep };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;

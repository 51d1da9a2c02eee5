import { MongoNetworkError } from 'mongodb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { manualClock } from '../domain/shared/clock.ts';
import { createStoreHealth } from './store-health.ts';

/** A ping the test answers by hand. */
function controllablePing() {
  const calls: { resolve: () => void; reject: (err: unknown) => void }[] = [];
  const ping = () => new Promise<void>((resolve, reject) => calls.push({ resolve, reject }));
  return { ping, calls };
}

describe('store health', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('calls a hung store unavailable after the ping timeout and tells the waiters', async () => {
    const { ping, calls } = controllablePing();
    const clock = manualClock();
    const health = createStoreHealth({ ping, clock, timeoutMs: 500, timers: { setTimeout, clearTimeout } });
    const outages: number[] = [];
    health.onNextOutage(() => outages.push(1));
    const answer = health.probe();
    await vi.advanceTimersByTimeAsync(499);
    expect(health.isAvailable()).toBe(true);
    await vi.advanceTimersByTimeAsync(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(await answer).toBe(false);
    expect(health.downSince()).toEqual(clock.now());
    expect(outages).toEqual([1]);
    // The hung ping still holds the only slot: no second ping piles up behind it.
    void health.probe();
    expect(calls).toHaveLength(1);
    calls[0].resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(health.isAvailable()).toBe(true);
    expect(health.downSince()).toBeNull();
  });

  it('probes on its own every interval once started, and recovers on the first answered ping', async () => {
    const { ping, calls } = controllablePing();
    const health = createStoreHealth({ ping, clock: manualClock(), intervalMs: 1_000, timeoutMs: 300, timers: { setTimeout, clearTimeout } });
    health.start();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(calls).toHaveLength(1);
    calls[0].reject(new MongoNetworkError('connect ECONNREFUSED'));
    await vi.advanceTimersByTimeAsync(0);
    expect(health.isAvailable()).toBe(false);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(calls).toHaveLength(2);
    calls[1].resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(health.isAvailable()).toBe(true);
    health.stop();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(calls).toHaveLength(2);
  });

  it('probes at once when a request met a store error, not for other errors', async () => {
    const { ping, calls } = controllablePing();
    const health = createStoreHealth({ ping, clock: manualClock(), timers: { setTimeout, clearTimeout } });
    health.report(new Error('a bug'));
    expect(calls).toHaveLength(0);
    health.report(new MongoNetworkError('connection reset'));
    expect(calls).toHaveLength(1);
  });
});

describe('store health in a stalled process', () => {
  it('does not blame the store when its own timer fires late (the event loop was blocked)', async () => {
    vi.useFakeTimers();
    try {
      const { ping, calls } = controllablePing();
      const clock = manualClock();
      const health = createStoreHealth({ ping, clock, timeoutMs: 1_000, timers: { setTimeout, clearTimeout } });
      const answer = health.probe();
      // A 5 s synchronous task: the wall clock moves on while no timer could run.
      clock.advance(5_000);
      await vi.advanceTimersByTimeAsync(1_000);
      expect(health.isAvailable()).toBe(true);
      calls[0].resolve();
      expect(await answer).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});

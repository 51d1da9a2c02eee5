import { describe, expect, it } from 'vitest';
import { bucketAttempts, percentile } from './delivery-stats.ts';

describe('delivery statistics', () => {
  it('takes nearest-rank percentiles', () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([7], 99)).toBe(7);
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect([percentile(hundred, 50), percentile(hundred, 99)]).toEqual([50, 99]);
  });

  it('buckets attempts by minute and outcome, ignoring those outside the window', () => {
    const since = new Date('2026-01-01T10:00:30Z');
    const until = new Date('2026-01-01T10:03:30Z');
    const at = (iso: string) => new Date(`2026-01-01T${iso}Z`);
    const result = bucketAttempts(
      [
        { at: at('10:00:10'), outcome: 'delivered', latencyMs: 999 },
        { at: at('10:00:40'), outcome: 'retry', latencyMs: 100 },
        { at: at('10:00:50'), outcome: 'delivered', latencyMs: 20 },
        { at: at('10:02:05'), outcome: 'failed', latencyMs: 300 },
        { at: at('10:03:00'), outcome: 'dropped', latencyMs: 10 },
      ],
      since,
      until,
      60_000,
    );
    expect(result.buckets.map((b) => [b.start.slice(11, 19), b.delivered, b.retry, b.failed, b.dropped])).toEqual([
      ['10:00:00', 1, 1, 0, 0],
      ['10:01:00', 0, 0, 0, 0],
      ['10:02:00', 0, 0, 1, 0],
      ['10:03:00', 0, 0, 0, 1],
    ]);
    expect(result.buckets[0]).toMatchObject({ p50LatencyMs: 20, p99LatencyMs: 100 });
    expect(result.buckets[1]).toMatchObject({ p50LatencyMs: null, p99LatencyMs: null });
    expect(result.totals).toEqual({ attempts: 4, delivered: 1, retry: 1, failed: 1, dropped: 1, p50LatencyMs: 20, p99LatencyMs: 300 });
  });
});

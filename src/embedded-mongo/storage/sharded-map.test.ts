import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ShardedMap } from './sharded-map.ts';

describe('a map split over shards', () => {
  it('behaves as one map: set, replace, get, delete, size, clear', () => {
    const m = new ShardedMap<number>();
    const keys = Array.from({ length: 2000 }, (_, i) => (i % 3 ? `s${randomUUID()}` : `[3:o_1${i}]`));
    keys.forEach((k, i) => m.set(k, i));
    m.set(keys[5], -5);
    expect(m.size).toBe(2000);
    expect(keys.map((k) => m.get(k))).toEqual(keys.map((_, i) => (i === 5 ? -5 : i)));
    for (const k of keys.slice(0, 500)) expect(m.delete(k)).toBe(true);
    expect(m.delete(keys[0])).toBe(false);
    expect(m.get(keys[0])).toBeUndefined();
    expect(m.size).toBe(1500);
    m.clear();
    expect(m.size).toBe(0);
    expect(m.get('')).toBeUndefined();
  });

  it('spreads keys that differ only in their id evenly, so no shard grows much past a sixteenth', () => {
    const m = new ShardedMap<number>();
    // Index keys as the server encodes them: a compound key ending in a time-ordered id.
    for (let i = 0; i < 32_000; i++) m.set(`[6:so_bench38:s${randomUUID()}]`, i);
    const sizes = m.shardSizes();
    expect(sizes).toHaveLength(16);
    expect(Math.max(...sizes)).toBeLessThan(2_400);
    expect(Math.min(...sizes)).toBeGreaterThan(1_600);
  });
});

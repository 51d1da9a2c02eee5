import { describe, expect, it } from 'vitest';
import { createBatcher } from './batcher.ts';

describe('batcher', () => {
  it('puts what arrives during a write into the next batch and answers each caller', async () => {
    const batches: number[][] = [];
    const batcher = createBatcher<number, number>(async (items) => {
      batches.push(items);
      await new Promise((r) => setTimeout(r, 10));
      return items.map((i) => i * 2);
    }, 3);
    const first = batcher.add(1);
    await new Promise((r) => setImmediate(r));
    const rest = [2, 3, 4, 5].map((n) => batcher.add(n));
    expect(await Promise.all([first, ...rest])).toEqual([2, 4, 6, 8, 10]);
    expect(batches).toEqual([[1], [2, 3, 4], [5]]);
  });

  it('rejects every caller of a failed batch and keeps going', async () => {
    let calls = 0;
    const batcher = createBatcher<number, number>(async (items) => {
      calls += 1;
      if (calls === 1) throw new Error('boom');
      return items;
    }, 10);
    await expect(batcher.add(1)).rejects.toThrow('boom');
    expect(await batcher.add(2)).toBe(2);
  });
});

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

  it('writes up to `concurrency` batches at once, each still grouping what waits', async () => {
    // Each batch stays in flight until the test releases it.
    const batches: { items: number[]; release: () => void }[] = [];
    const batcher = createBatcher<number, number>((items) => new Promise((resolve) => batches.push({ items, release: () => resolve(items) })), 10, {
      concurrency: 2,
    });
    const turn = () => new Promise((r) => setImmediate(r));
    const first = batcher.add(1);
    await turn();
    const second = batcher.add(2);
    await turn();
    const rest = [3, 4, 5].map((n) => batcher.add(n));
    await turn();
    // 2 did not wait for 1's batch; 3-5 wait, as two batches are in flight.
    expect(batches.map((b) => b.items)).toEqual([[1], [2]]);
    batches[0].release();
    expect(await first).toBe(1);
    await turn();
    expect(batches.map((b) => b.items)).toEqual([[1], [2], [3, 4, 5]]);
    batches[1].release();
    batches[2].release();
    expect(await Promise.all([second, ...rest])).toEqual([2, 3, 4, 5]);
  });
});

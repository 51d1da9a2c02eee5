import { describe, expect, it } from 'vitest';
import { createReadCache } from './read-cache.ts';

describe('read cache', () => {
  it('shares one read within the ttl and reads again after it', async () => {
    const cache = createReadCache<number>({ ttlMs: 1_000, maxEntries: 10 });
    let reads = 0;
    const read = () => Promise.resolve(++reads);
    const burst = await Promise.all([cache.get('k', 0, read), cache.get('k', 10, read), cache.get('k', 999, read)]);
    expect(burst).toEqual([1, 1, 1]);
    expect(await cache.get('k', 1_000, read)).toBe(2);
    expect(await cache.get('other', 1_000, read)).toBe(3);
  });

  it('forgets a failed read at once, and a later read is not dropped by it', async () => {
    const cache = createReadCache<string>({ ttlMs: 1_000, maxEntries: 10 });
    let fail!: (e: Error) => void;
    const failing = cache.get('k', 0, () => new Promise<string>((_, reject) => (fail = reject)));
    fail(new Error('store down'));
    await expect(failing).rejects.toThrow('store down');
    expect(await cache.get('k', 1, () => Promise.resolve('fresh'))).toBe('fresh');
    expect(await cache.get('k', 2, () => Promise.resolve('not read'))).toBe('fresh');
  });

  it('reads again after forget', async () => {
    const cache = createReadCache<number>({ ttlMs: 60_000, maxEntries: 10 });
    let reads = 0;
    const read = () => Promise.resolve(++reads);
    await cache.get('k', 0, read);
    cache.forget('k');
    expect(await cache.get('k', 1, read)).toBe(2);
  });

  it('stays within maxEntries', async () => {
    const cache = createReadCache<number>({ ttlMs: 60_000, maxEntries: 2 });
    let reads = 0;
    const read = () => Promise.resolve(++reads);
    await cache.get('a', 0, read);
    await cache.get('b', 0, read);
    await cache.get('c', 0, read); // clears a and b
    expect(await cache.get('a', 1, read)).toBe(4);
  });
});

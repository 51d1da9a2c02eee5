import { describe, expect, it } from 'vitest';
import { createRandomPool } from './random-pool.ts';
import { createIdGenerator, isUuid } from './ids.ts';

describe('random pool', () => {
  it('never hands out the same bytes twice, across refills and oversize draws', () => {
    const draw = createRandomPool(64);
    const seen = new Set<string>();
    for (let i = 0; i < 500; i++) seen.add(draw(16).toString('hex'));
    expect(seen.size).toBe(500);
    expect(draw(100)).toHaveLength(100);
  });

  it('returns copies, so a caller writing into its bytes cannot change a later draw', () => {
    const draw = createRandomPool(64);
    const a = draw(8);
    a.fill(0);
    const b = draw(8);
    expect(b.equals(Buffer.alloc(8))).toBe(false);
  });

  it('feeds UUIDv7s that stay unique and ordered', () => {
    const ids = createIdGenerator({ random: createRandomPool() });
    const list = Array.from({ length: 5_000 }, () => ids.uuid());
    expect(list.every(isUuid)).toBe(true);
    expect(new Set(list).size).toBe(list.length);
    expect([...list].sort()).toEqual(list);
    expect(list[0][14]).toBe('7');
  });
});

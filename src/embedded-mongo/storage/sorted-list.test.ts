import { describe, expect, it } from 'vitest';
import { SortedList } from './sorted-list.ts';

// Against a plain sorted array: ascending runs (the appended fast path), random keys,
// duplicates and removals, across many chunk splits.
function lcg(seed: number) {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

describe('SortedList', () => {
  it.each([
    ['ascending', (i: number) => i],
    ['descending', (i: number) => -i],
    ['random with duplicates', (_: number, r: () => number) => Math.floor(r() * 500)],
    ['mostly ascending', (i: number, r: () => number) => (r() < 0.9 ? i : Math.floor(r() * i))],
  ])('keeps %s keys in order through inserts and removes', (_name, key) => {
    const r = lcg(7);
    const list = new SortedList<number>((a, b) => a - b);
    const reference: number[] = [];
    for (let i = 0; i < 5_000; i++) {
      const k = key(i, r);
      list.insert(k);
      reference.push(k);
      if (i % 3 === 0) {
        const victim = reference[Math.floor(r() * reference.length)];
        expect(list.remove(victim)).toBe(true);
        reference.splice(reference.indexOf(victim), 1);
      }
    }
    reference.sort((a, b) => a - b);
    expect([...list.all()]).toEqual(reference);
    expect(list.size).toBe(reference.length);
    expect(list.remove(1e9)).toBe(false);
    const from = reference[Math.floor(reference.length / 2)];
    expect([...list.from((x) => x - from)]).toEqual(reference.filter((x) => x >= from));
  });
});

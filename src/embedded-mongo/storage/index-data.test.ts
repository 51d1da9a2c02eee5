import { describe, expect, it } from 'vitest';
import { IndexData } from './index-data.ts';

// The same fields written as `a` and as a one-segment path the general walker must take
// (`a.0` would index into arrays, so a nested copy `{x: {a}}` with `x.a` stands in).
const nest = (doc: Record<string, unknown>) => ({ x: doc });

describe('index keys read off top-level fields', () => {
  it.each([
    ['scalars', { a: 's', b: 1 }],
    ['a missing field', { a: 'only' }],
    ['every field missing', { c: 1 }],
    ['null and undefined', { a: null, b: undefined }],
    ['a date', { a: new Date(5), b: 'z' }],
    ['an array (multikey)', { a: ['p', 'q', 'p'], b: 2 }],
    ['an empty array', { a: [], b: 2 }],
    ['a sub-document', { a: { k: 1 }, b: 2 }],
  ])('%s: same keys as the path walker', (_name, doc) => {
    for (const sparse of [false, true]) {
      const flat = new IndexData({ name: 'f', key: { a: 1, b: 1 }, sparse });
      const byPath = new IndexData({ name: 'p', key: { 'x.a': 1, 'x.b': 1 }, sparse });
      expect(flat.keysFor(doc)).toEqual(byPath.keysFor(nest(doc)));
      expect(flat.multikey).toBe(byPath.multikey);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { IndexData, keyOf, type IndexKey } from './index-data.ts';

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
      const shown = (keys: IndexKey[]) => keys.map((k) => [k.values, keyOf(k)]);
      expect(shown(flat.keysFor(doc))).toEqual(shown(byPath.keysFor(nest(doc))));
      expect(flat.multikey).toBe(byPath.multikey);
    }
  });
});

describe('compound keys with repeated leading values', () => {
  it('finds, orders and removes entries whatever copy of a leading string they were built from', () => {
    const idx = new IndexData({ name: 'k', key: { org: 1, table: 1, n: 1 } });
    // Fresh copies of the same text, as every decoded document carries.
    const copy = (s: string) => Buffer.from(s).toString();
    for (let n = 0; n < 300; n++) idx.add(`id${n}`, idx.keysFor({ org: copy('o1'), table: copy(n % 2 ? 't1' : 't2'), n: 300 - n }));
    expect([...idx.lookupPrefix([copy('o1'), copy('t1')])]).toHaveLength(150);
    expect([...idx.scanRange({ value: 290, inclusive: true }, undefined, [copy('o1'), copy('t2')])]).toEqual(['id10', 'id8', 'id6', 'id4', 'id2', 'id0']);
    for (let n = 0; n < 300; n += 2) idx.remove(`id${n}`, idx.keysFor({ org: copy('o1'), table: copy('t2'), n: 300 - n }));
    expect([...idx.lookupPrefix([copy('o1'), copy('t2')])]).toEqual([]);
    expect([...idx.allIds()]).toHaveLength(150);
  });
});

describe('an index over a collection orders its entries only once a query needs order', () => {
  it('answers ordered queries the same as an index kept in order from the start', () => {
    const docs = new Map<string, Record<string, unknown>>();
    const lazy = new IndexData({ name: 'l', key: { a: 1, b: 1 } }, docs);
    const eager = new IndexData({ name: 'e', key: { a: 1, b: 1 } });
    const put = (id: string, doc: Record<string, unknown>) => {
      const old = docs.get(id);
      for (const idx of [lazy, eager]) {
        if (old) idx.remove(id, idx.keysFor(old));
        idx.add(id, idx.keysFor(doc));
      }
      docs.set(id, doc);
    };
    const same = () => {
      expect([...lazy.allIds()]).toEqual([...eager.allIds()]);
      expect([...lazy.lookupPrefix(['x'])]).toEqual([...eager.lookupPrefix(['x'])]);
      expect([...lazy.scanRange({ value: 3, inclusive: false }, { value: 40, inclusive: true }, ['y'])]).toEqual([
        ...eager.scanRange({ value: 3, inclusive: false }, { value: 40, inclusive: true }, ['y']),
      ]);
      expect([...lazy.orderedIds(['x'], true)]).toEqual([...eager.orderedIds(['x'], true)]);
      for (const b of [0, 4, 37, 96, 200]) expect([...lazy.lookupPrefix(['x', b])]).toEqual([...eager.lookupPrefix(['x', b])]);
    };
    for (let i = 0; i < 50; i++) put(`id${i}`, { a: i % 3 ? 'x' : 'y', b: (i * 37) % 50 });
    expect([...lazy.lookupEq('x')].sort()).toEqual([...eager.lookupEq('x')].sort());
    same();
    // Built now: later writes keep it in order.
    for (let i = 0; i < 50; i += 4) put(`id${i}`, { a: 'x', b: 100 - i });
    for (let i = 50; i < 80; i++) put(`id${i}`, { a: 'y', b: i % 45 });
    same();
  });
});

describe('full-key lookups once an index is ordered (its hash map is dropped)', () => {
  const docs = new Map<string, Record<string, unknown>>();
  const put = (idx: IndexData, id: string, doc: Record<string, unknown>) => {
    const old = docs.get(id);
    if (old) idx.remove(id, idx.keysFor(old));
    idx.add(id, idx.keysFor(doc));
    docs.set(id, doc);
  };

  it('finds the same documents by full key before and after, and after later writes', () => {
    docs.clear();
    const idx = new IndexData({ name: 'k', key: { s: 1 } }, docs);
    for (let i = 0; i < 30; i++) put(idx, `id${i}`, { s: i % 4 === 0 ? null : `v${i % 3}` });
    const before = ['v0', 'v1', 'v2', null, 'none'].map((v) => [...idx.lookupEq(v)].sort());
    idx.ensureOrdered();
    expect(['v0', 'v1', 'v2', null, 'none'].map((v) => [...idx.lookupEq(v)].sort())).toEqual(before);
    put(idx, 'id1', { s: 'v2' });
    put(idx, 'id99', { s: 'v0' });
    idx.remove('id2', idx.keysFor(docs.get('id2')!));
    expect([...idx.lookupEq('v2')].sort()).toEqual([...before[2], 'id1'].filter((id) => id !== 'id2').sort());
    expect([...idx.lookupEq('v1')]).not.toContain('id1');
    expect([...idx.lookupEq('v0')]).toContain('id99');
  });

  it('keeps a unique index refusing a second document with the same key', () => {
    docs.clear();
    const idx = new IndexData({ name: 'u', key: { e: 1, n: 1 }, unique: true }, docs);
    put(idx, 'a', { e: 'x', n: 1 });
    idx.ensureOrdered();
    put(idx, 'b', { e: 'x', n: 2 });
    expect(idx.conflict(idx.keysFor({ e: 'x', n: 1 }), 'c')?.values).toEqual(['x', 1]);
    expect(idx.conflict(idx.keysFor({ e: 'x', n: 2 }), 'b')).toBeUndefined();
    expect([...idx.lookupPrefix(['x', 2])]).toEqual(['b']);
  });
});

describe('a TTL index', () => {
  it('is kept in order from the start, so its sweeps never build a list', () => {
    const docs = new Map<string, Record<string, unknown>>();
    const ttl = new IndexData({ name: 't', key: { at: 1 }, expireAfterSeconds: 0 }, docs);
    // Entries added without the documents being in `docs`: only an index ordered from the
    // start can answer the range (a lazily built one would read `docs` and find nothing).
    for (let i = 0; i < 10; i++) ttl.add(`id${i}`, ttl.keysFor({ at: new Date(1000 * (10 - i)) }));
    expect([...ttl.scanRange(undefined, { value: new Date(3000), inclusive: true })]).toEqual(['id9', 'id8', 'id7']);
  });
});

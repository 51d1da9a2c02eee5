import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Query } from 'mingo';
import { ObjectId } from 'bson';
import { Collection } from './collection.ts';
import { encodeKey, type Doc } from './bson-values.ts';
import { matchDocs, planQuery } from './query-planner.ts';

const scalar = fc.oneof(
  fc.integer({ min: -5, max: 5 }),
  fc.constantFrom('a', 'b', 'c', ''),
  fc.constantFrom(new Date(0), new Date(1000), new Date(2000)),
  fc.constant(null),
  fc.boolean(),
);
const value = fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }));
const docArb = fc.record({ a: value, b: scalar, c: scalar }, { requiredKeys: [] });

const condition = fc.oneof(
  scalar.map((v) => v),
  scalar.map((v) => ({ $eq: v })),
  fc.array(scalar, { minLength: 1, maxLength: 3 }).map((v) => ({ $in: v })),
  fc.tuple(fc.constantFrom('$gt', '$gte', '$lt', '$lte'), scalar).map(([op, v]) => ({ [op]: v })),
  fc.tuple(scalar, scalar).map(([lo, hi]) => ({ $gte: lo, $lt: hi })),
);
const filterArb = fc.oneof(
  fc.tuple(condition, condition).map(([c1, c2]) => ({ $or: [{ a: c1 }, { a: c2, b: 1 }] })),
  fc.tuple(condition, scalar).map(([c1, b]) => ({ b, $or: [{ a: c1 }, { c: 'a' }] })),
  condition.map((c) => ({ a: c })),
  fc.tuple(condition, scalar).map(([c, b]) => ({ a: c, b })),
  fc.tuple(scalar, scalar, condition).map(([a, b, c]) => ({ a, b, c })),
  fc.tuple(scalar, condition).map(([a, c]) => ({ c, a })),
  fc.tuple(scalar, condition).map(([a, c]) => ({ a, b: c })),
  fc.tuple(scalar, scalar, condition).map(([a, b, c]) => ({ $and: [{ a }, { b }, { c }] })),
  fc.tuple(condition, condition).map(([c1, c2]) => ({ $and: [{ a: c1 }, { a: c2 }] })),
);

function ids(docs: Doc[]): string[] {
  return docs.map((d) => encodeKey(d._id)).sort();
}

describe('query planner', () => {
  it('index-backed matches equal a full scan with mingo', () => {
    fc.assert(
      fc.property(fc.array(docArb, { maxLength: 30 }), filterArb, fc.constantFrom('single', 'compound', 'compound3', 'sparse'), (raw, filter, kind) => {
        const coll = new Collection('db', 'c');
        if (kind === 'single') coll.addIndex({ name: 'a_1', key: { a: 1 } });
        if (kind === 'compound') coll.addIndex({ name: 'a_1_b_1', key: { a: 1, b: 1 } });
        if (kind === 'compound3') coll.addIndex({ name: 'a_1_b_1_c_1', key: { a: 1, b: 1, c: 1 }, unique: false });
        if (kind === 'sparse') coll.addIndex({ name: 'a_1', key: { a: 1 }, sparse: true });
        const docs = raw.map((d, i) => ({ _id: i, ...d }) as Doc);
        docs.forEach((d) => coll.insert(d));
        const query = new Query(filter as Doc, {});
        expect(ids(matchDocs(coll, filter as Doc))).toEqual(ids(docs.filter((d) => query.test(d))));
      }),
      { numRuns: 800 },
    );
  });

  it('uses the _id map and secondary indexes instead of scanning', () => {
    const coll = new Collection('db', 'c');
    coll.addIndex({ name: 'email_1', key: { email: 1 }, unique: true });
    coll.addIndex({ name: 'at_1', key: { at: 1 } });
    const oid = new ObjectId();
    coll.insert({ _id: oid, email: 'x', at: new Date(5) });
    expect(planQuery(coll, { _id: new ObjectId(oid.toHexString()) })?.exact).toBe(true);
    expect(planQuery(coll, { email: 'x' })?.exact).toBe(true);
    expect(planQuery(coll, { email: { $in: ['x', 'y'] }, other: 1 })?.exact).toBe(false);
    expect(planQuery(coll, { at: { $lte: new Date(10) } })).toBeDefined();
    expect(planQuery(coll, { unindexed: 1 })).toBeUndefined();
    expect(planQuery(coll, { $or: [{ email: 'x' }, { at: { $lte: new Date(10) } }] })).toBeDefined();
    expect(planQuery(coll, { $or: [{ email: 'x' }, { unindexed: 1 }] })).toBeUndefined();
    expect(matchDocs(coll, { at: { $lte: new Date(10) } })).toHaveLength(1);
    expect(matchDocs(coll, { at: { $lt: new Date(5) } })).toHaveLength(0);
  });

  it('narrows a compound index by every leading equality and a range after them', () => {
    const coll = new Collection('db', 'c');
    coll.addIndex({ name: 'org_1_trigger_1__id_1', key: { org: 1, trigger: 1, _id: 1 } });
    for (let i = 0; i < 3000; i++) coll.insert({ _id: i, org: `o${i % 3}`, trigger: `t${i % 10}` });
    const plan = planQuery(coll, { org: 'o1', trigger: 't4', _id: { $gt: 100 } });
    expect(plan).toBeDefined();
    // org and trigger fix the prefix; the _id range then narrows within it.
    expect([...plan!.ids].length).toBe(96);
    expect([...planQuery(coll, { org: 'o1', trigger: 't4' })!.ids].length).toBe(100);
    expect(matchDocs(coll, { org: 'o1', trigger: 't4', _id: { $gt: 100 } })).toHaveLength(96);
  });

  it('answers null equality from an index that holds every document, never from a sparse one', () => {
    const coll = new Collection('db', 'c');
    coll.addIndex({ name: 'done_1__id_1', key: { doneAt: 1, _id: 1 } });
    coll.addIndex({ name: 'tag_1', key: { tag: 1 }, sparse: true });
    for (let i = 0; i < 1000; i++) coll.insert({ _id: i, doneAt: i % 100 === 0 ? null : new Date(i), ...(i % 250 === 0 ? {} : { tag: 'x' }) });
    coll.insert({ _id: 'missing' });
    // Only the 10 nulls and the document without the field are candidates, not 1,001.
    const plan = planQuery(coll, { doneAt: null, _id: { $gte: 0 } });
    expect(plan?.exact).toBe(false);
    expect(new Set(plan!.ids).size).toBe(10);
    expect([...planQuery(coll, { doneAt: { $eq: null } })!.ids]).toHaveLength(11);
    expect(matchDocs(coll, { doneAt: null })).toHaveLength(11);
    // Any other usable condition comes first: a null's candidates may be most documents.
    coll.addIndex({ name: 'key_1__id_1', key: { key: 1, _id: 1 } });
    for (let i = 0; i < 500; i++) coll.insert({ _id: `u${i}`, key: `k${i % 50}`, doneAt: null, tag: 'x' });
    const byKey = planQuery(coll, { key: { $in: ['k1', 'k2'] }, _id: { $lt: 'z' }, doneAt: null });
    expect(new Set(byKey!.ids).size).toBe(20);
    expect(matchDocs(coll, { key: { $in: ['k1', 'k2'] }, _id: { $lt: 'z' }, doneAt: null })).toHaveLength(20);
    // The sparse index lacks the documents without `tag`: those need a scan.
    expect(planQuery(coll, { tag: null })).toBeUndefined();
    expect(matchDocs(coll, { tag: null })).toHaveLength(5);
  });

  it('keeps unique and range structures consistent through replace and remove', () => {
    const coll = new Collection('db', 'c');
    coll.addIndex({ name: 'k_1', key: { k: 1 }, unique: true });
    for (let i = 0; i < 2000; i++) coll.insert({ _id: i, k: i });
    for (let i = 0; i < 2000; i += 2) coll.replace(coll.get(encodeKey(i))!, { _id: i, k: i + 10_000 });
    for (let i = 1; i < 2000; i += 4) coll.remove(encodeKey(i));
    expect(matchDocs(coll, { k: { $gte: 10_000 } })).toHaveLength(1000);
    expect(matchDocs(coll, { k: { $lt: 10_000 } })).toHaveLength(500);
    expect(() => coll.insert({ _id: 'new', k: 10_002 })).toThrow(/E11000/);
    coll.insert({ _id: 'new2', k: 2 });
  });
});

describe('sortDocs', () => {
  it('keeps only the top results stably and agrees with a full sort', async () => {
    const { sortDocs } = await import('./sort.ts');
    fc.assert(
      fc.property(
        fc.array(fc.record({ a: scalar, b: fc.integer({ min: 0, max: 3 }) }, { requiredKeys: [] }), { maxLength: 80 }),
        fc.integer({ min: 1, max: 10 }),
        (raw, top) => {
          const docs = raw.map((d, i) => ({ _id: i, ...d }) as Doc);
          const spec = { b: -1, a: 1 };
          expect(sortDocs(docs, spec, top)).toEqual(sortDocs(docs, spec).slice(0, top));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('index-order scan', () => {
  it('returns the same sort keys as sorting every match', async () => {
    const { matchInIndexOrder } = await import('./index-order-scan.ts');
    const { sortDocs } = await import('./sort.ts');
    const keyOf = (d: Doc, fields: string[]) => JSON.stringify(fields.map((f) => encodeKey(d[f])));
    fc.assert(
      fc.property(
        fc.array(fc.record({ a: scalar, b: scalar, c: scalar }, { requiredKeys: [] }), { maxLength: 40 }),
        fc.oneof(
          scalar.map((v) => ({ a: v })),
          fc.constant({}),
          scalar.map((v) => ({ a: v, c: { $ne: v } })),
          fc.tuple(scalar, scalar).map(([a, b]) => ({ a, b: { $gte: b } })),
          fc.tuple(scalar, scalar).map(([a, b]) => ({ a, b: { $lt: b } })),
        ),
        fc.constantFrom({ b: 1 }, { b: -1 }, { b: 1, c: 1 }, { b: -1, c: -1 }),
        fc.integer({ min: 1, max: 8 }),
        (raw, filter, sort, limit) => {
          const coll = new Collection('db', 'c');
          coll.addIndex({ name: 'a_1_b_1_c_1', key: { a: 1, b: 1, c: 1 } });
          coll.addIndex({ name: 'b_1_c_1', key: { b: 1, c: 1 } });
          raw.forEach((d, i) => coll.insert({ _id: i, ...d }));
          const fields = Object.keys(sort);
          const fast = matchInIndexOrder(coll, filter as Doc, sort, limit);
          const slow = sortDocs(matchDocs(coll, filter as Doc), sort, limit);
          expect(fast).toBeDefined();
          expect(fast!.map((d) => keyOf(d, fields))).toEqual(slow.map((d) => keyOf(d, fields)));
        },
      ),
      { numRuns: 800 },
    );
  });
});

import { Query } from 'mingo';
import { describe, expect, it } from 'vitest';
import type { Doc } from './bson-values.ts';
import { MINGO_OPTIONS } from './mingo-options.ts';
import { compileFilter } from './simple-filter.ts';

const docs: Doc[] = [
  { _id: 'a', status: 'pending', n: 1, flag: true, tags: ['x', 'y'], waiting: null },
  { _id: 'b', status: 'delivered', n: 2, flag: false, tags: [], nested: { status: 'pending' } },
  { _id: 'c', n: 1.0, tags: 'x', list: [null, 1] },
  { _id: 'd', status: ['pending', 'other'], n: [1, 2], when: new Date(0) },
];

// Every filter must select exactly what mingo's Query selects.
const filters: Doc[] = [
  { status: 'pending' },
  { _id: 'a', status: 'pending', flag: true },
  { n: 1 },
  { n: { $eq: 2 } },
  { flag: false },
  { tags: 'x' },
  { status: { $ne: 'pending' } },
  { tags: { $ne: 'x' } },
  { _id: { $in: ['a', 'c', 'zz'] } },
  { _id: { $in: ['a', 'b', 'd'] }, status: { $ne: 'pending' } },
  { n: { $in: [2, 3] } },
  { tags: { $in: ['y'] } },
  { waiting: null },
  { list: null },
  { missing: null },
  { missing: 'x' },
  { missing: { $ne: 'x' } },
  // String and date ranges: the value's own kind is compared directly, anything else is mingo's.
  { _id: { $gt: 'a', $lt: 'd' } },
  { _id: { $gte: 'b' }, n: 2 },
  { status: { $gte: 'pending' } },
  { tags: { $gt: 'w' } },
  { waiting: { $lte: 'z' } },
  { missing: { $lt: 'z' } },
  { n: { $gt: '0' } },
  { when: { $lt: new Date(1) } },
  { when: { $gt: new Date(0) } },
  { when: { $gte: new Date(0), $lte: new Date(5) }, _id: { $in: ['c', 'd'] } },
  // Top-level $or / $and of such filters (a claim's lease condition).
  { $or: [{ n: 1 }, { n: 2 }] },
  { status: 'pending', $or: [{ waiting: null }, { when: { $lte: new Date(5) } }] },
  { $or: [{ missing: null }, { missing: { $lte: 'z' } }] },
  { $or: [{ when: { $gt: new Date(0) } }, { tags: 'y' }], n: 1 },
  { $and: [{ n: 1 }, { tags: { $ne: 'x' } }] },
  { $and: [{ status: 'pending' }, { $or: [{ flag: true }, { n: 2 }] }] },
];

describe('compileFilter', () => {
  it.each(filters.map((f) => [JSON.stringify(f), f]))('%s selects what mingo selects', (_name, filter) => {
    const mingo = new Query(filter as Doc, MINGO_OPTIONS);
    const ours = compileFilter(filter as Doc);
    expect(ours).not.toBeInstanceOf(Query);
    expect(docs.filter((d) => ours.test(d)).map((d) => d._id)).toEqual(docs.filter((d) => mingo.test(d)).map((d) => d._id));
  });

  it.each([
    ['a dotted path', { 'nested.status': 'pending' }],
    ['a range', { n: { $gt: 1 } }],
    ['a date', { when: new Date(0) }],
    ['a document value', { nested: { status: 'pending' } }],
    ['a top-level operator other than $or and $and', { $nor: [{ n: 1 }, { n: 2 }] }],
    ['an $or with a branch mingo must decide', { $or: [{ n: 1 }, { 'nested.status': 'pending' }] }],
    ['an empty $or', { $or: [] }],
    ['$in with null', { status: { $in: [null, 'pending'] } }],
    ['NaN', { n: Number.NaN }],
    ['two operators on a field', { n: { $ne: 1, $in: [1, 2] } }],
  ] as [string, Doc][])('leaves %s to mingo', (_name, filter) => {
    const ours = compileFilter(filter);
    expect(ours).toBeInstanceOf(Query);
  });
});

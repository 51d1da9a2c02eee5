import { update as mingoUpdate, type Modifier } from 'mingo/updater';
import { describe, expect, it } from 'vitest';
import { cloneValue, type Doc } from './bson-values.ts';
import { MINGO_OPTIONS } from './mingo-options.ts';
import { applySimpleUpdate } from './update-fast-path.ts';

const base = (): Doc => ({ _id: 1, a: 1, log: [{ n: 1 }, { n: 2 }], nested: { x: 1 }, nil: null });

// Each case must come out exactly as mingo's updater makes it (the path it replaces).
const same: [string, Doc, Doc?][] = [
  ['$set of an existing field', { $set: { a: 2 } }],
  ['$set to an equal value (not modified)', { $set: { a: 1, nested: { x: 1 } } }],
  ['$set of new fields', { $set: { z: 1, b: { c: [1, 2] } } }],
  ['$set of null over a missing field', { $set: { missing: null } }],
  ['$set of null over null (not modified)', { $set: { nil: null } }],
  ['$unset of present and missing fields', { $unset: { a: '', missing: 1 } }],
  ['$unset of only missing fields (not modified)', { $unset: { missing: '' } }],
  ['$push of one value', { $push: { log: { n: 3 } } }],
  ['$push onto a missing field', { $push: { fresh: 'x' } }],
  ['$push $each with a negative $slice', { $push: { log: { $each: [{ n: 3 }, { n: 4 }], $slice: -2 } } }],
  ['$push $each with a positive $slice', { $push: { log: { $each: [{ n: 3 }], $slice: 1 } } }],
  ['$push $each of nothing with $slice 0', { $push: { log: { $each: [], $slice: 0 } } }],
  ['$push $each of nothing (not modified)', { $push: { log: { $each: [] } } }],
  ['$set, $unset and $push together', { $set: { status: 'done', a: 5 }, $unset: { nil: 1 }, $push: { log: { $each: [{ n: 9 }], $slice: -50 } } }],
];

describe('applySimpleUpdate', () => {
  it.each(same)('%s matches mingo', (_name, modifier) => {
    const viaMingo = cloneValue(base());
    const changed = mingoUpdate(viaMingo, cloneValue(modifier) as Modifier<Doc>, undefined, undefined, { cloneMode: 'copy', queryOptions: MINGO_OPTIONS });
    const original = base();
    const fast = applySimpleUpdate(original, modifier);
    expect(fast).toBeDefined();
    expect(fast!.doc).toEqual(viaMingo);
    expect(fast!.modified).toBe(changed.length > 0);
    expect(original).toEqual(base());
  });

  it('appends new fields in lexicographic order, as mongod does', () => {
    const out = applySimpleUpdate({ _id: 1 }, { $set: { b: 1, a: 1 }, $push: { c: 1 } });
    expect(Object.keys(out!.doc)).toEqual(['_id', 'a', 'b', 'c']);
  });

  it('never mutates the stored document or shares the update\'s values', () => {
    const stored = base();
    const value = { deep: [1] };
    const out = applySimpleUpdate(stored, { $set: { v: value }, $push: { log: { n: 3 } } })!;
    (value.deep as number[]).push(2);
    expect(out.doc.v).toEqual({ deep: [1] });
    expect(stored.log).toHaveLength(2);
  });

  it.each([
    ['a dotted path', { $set: { 'nested.x': 2 } }],
    ['a positional path', { $set: { 'log.$.n': 2 } }],
    ['a numeric field name', { $set: { '1': 2 } }],
    ['_id', { $set: { _id: 2 } }],
    ['another operator', { $inc: { a: 1 } }],
    ['$push with $position', { $push: { log: { $each: [1], $position: 0 } } }],
    ['$push with $sort', { $push: { log: { $each: [1], $sort: 1 } } }],
    ['$push with a non-integer $slice', { $push: { log: { $each: [1], $slice: 1.5 } } }],
    ['$push onto a non-array', { $push: { a: 1 } }],
  ] as [string, Doc][])('leaves %s to mingo', (_name, modifier) => {
    expect(applySimpleUpdate(base(), modifier)).toBeUndefined();
  });
});

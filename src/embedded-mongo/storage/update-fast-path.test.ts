import { update as mingoUpdate, type Modifier } from 'mingo/updater';
import { describe, expect, it } from 'vitest';
import { cloneValue, type Doc } from './bson-values.ts';
import { MINGO_OPTIONS } from './mingo-options.ts';
import { applySimpleUpdate } from './update-fast-path.ts';

const base = (): Doc => ({
  _id: 1,
  a: 1,
  version: 3,
  log: [{ n: 1 }, { n: 2 }],
  nested: { x: 1, deeper: { y: 'z' } },
  nil: null,
  steps: [
    { status: 'pending', attempts: 0 },
    { status: 'pending', attempts: 0 },
  ],
  cells: { c1: { value: 'a' }, c2: { value: 'b' } },
  _outbox: [
    { id: 'e1', type: 't' },
    { id: 'e2', type: 't' },
    { id: 'e3', type: 't' },
  ],
  tags: ['x', 'y', 'x'],
});

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
  ['$set into a nested document', { $set: { 'nested.x': 2, 'nested.deeper.y': 'w', 'cells.c1': { value: 'A' } } }],
  ['$set creating nested documents', { $set: { 'cells.c9': { value: 'new' }, 'fresh.a.b': 1 } }],
  ['$set into array elements', { $set: { 'steps.1.status': 'sent', 'steps.1.attempts': 1, 'steps.0': { status: 'skipped' } } }],
  ['$unset of nested fields, present and missing', { $unset: { 'nested.x': '', 'nested.nope': '', 'nope.deeper': '' } }],
  ['$inc of present, missing and nested fields', { $inc: { version: 1, counter: 2, 'steps.0.attempts': 1 } }],
  ['$inc by zero of a present field (not modified)', { $inc: { version: 0 } }],
  ['$pull of documents matching an $in condition', { $pull: { _outbox: { id: { $in: ['e1', 'e3'] } } } }],
  ['$pull that matches nothing (not modified)', { $pull: { _outbox: { id: { $in: ['zz'] } } } }],
  ['$pull of a scalar', { $pull: { tags: 'x' } }],
  ['$pull from a missing field (not modified)', { $pull: { missing: { id: 'x' } } }],
  [
    'a sequence step update',
    { $set: { 'steps.0.status': 'sending', nextDueAt: null, updatedAt: 5 }, $inc: { version: 1 }, $push: { _outbox: { $each: [{ id: 'e4', type: 't' }] } } },
  ],
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

  it("never mutates the stored document or shares the update's values", () => {
    const stored = base();
    const value = { deep: [1] };
    const out = applySimpleUpdate(stored, {
      $set: { v: value, 'steps.0.status': 'sent', 'nested.deeper.y': 'w' },
      $push: { log: { n: 3 } },
      $pull: { _outbox: { id: 'e1' } },
    })!;
    (value.deep as number[]).push(2);
    expect(out.doc.v).toEqual({ deep: [1] });
    expect(stored).toEqual(base());
    // Untouched parts are shared, touched ones are new.
    expect(out.doc.cells).toBe(stored.cells);
    expect(out.doc.steps).not.toBe(stored.steps);
    expect((out.doc.steps as Doc[])[1]).toBe((stored.steps as Doc[])[1]);
  });

  it.each([
    ['a positional path', { $set: { 'log.$.n': 2 } }],
    ['an all-positional path', { $set: { 'log.$[].n': 2 } }],
    ['an index past the end of an array', { $set: { 'steps.5.status': 'x' } }],
    ['a numeric field name inside a document', { $set: { 'nested.1': 2 } }],
    ['a path through a scalar', { $set: { 'a.b': 2 } }],
    ['$unset of an array element', { $unset: { 'steps.0': '' } }],
    ['$inc of a non-number', { $inc: { 'nested.deeper.y': 1 } }],
    ['$pull with an operator condition', { $pull: { tags: { $in: ['x'] } } }],
    ['$pull with a nested-path condition', { $pull: { _outbox: { 'meta.id': 'e1' } } }],
    ['a numeric field name', { $set: { '1': 2 } }],
    ['_id', { $set: { _id: 2 } }],
    ['another operator', { $addToSet: { tags: 'z' } }],
    ['$push with $position', { $push: { log: { $each: [1], $position: 0 } } }],
    ['$push with $sort', { $push: { log: { $each: [1], $sort: 1 } } }],
    ['$push with a non-integer $slice', { $push: { log: { $each: [1], $slice: 1.5 } } }],
    ['$push onto a non-array', { $push: { a: 1 } }],
  ] as [string, Doc][])('leaves %s to mingo', (_name, modifier) => {
    expect(applySimpleUpdate(base(), modifier)).toBeUndefined();
  });
});

import { find as mingoFind } from 'mingo';
import { describe, expect, it } from 'vitest';
import { idFirst, type Doc } from './bson-values.ts';
import { MINGO_OPTIONS } from './mingo-options.ts';
import { compileSimpleProjection } from './simple-projection.ts';

const docs: Doc[] = [{ a: 1, _id: 'x', b: { c: [1, 2] }, d: null, e: [{ f: 1 }] }, { _id: 'y', e: 'text' }, { b: 2 }];

// Each projection must shape every document as mingo does, field order included.
const simple: Doc[] = [
  { a: 1 },
  { b: 1, a: 1 },
  { a: true, _id: 0 },
  { a: 1, _id: false },
  { _id: 1 },
  { _id: 0 },
  { a: 0 },
  { a: 0, b: false },
  { a: 0, _id: 0 },
  { missing: 1 },
  { missing: 0 },
  { e: 1, d: 1 },
  { a: 2, b: -1 },
];

// These go to mingo: paths, operators, expressions, mixed modes.
const notSimple: Doc[] = [{ 'b.c': 1 }, { e: { $slice: 1 } }, { a: '$b' }, { a: 1, b: 0 }, { 'e.$': 1 }, { $a: 1 }];

const keysOf = (d: Doc) => Object.keys(d);

describe('compileSimpleProjection', () => {
  it.each(simple.map((p) => [JSON.stringify(p), p]))('%s shapes documents as mingo does', (_name, projection) => {
    const shape = compileSimpleProjection(projection as Doc);
    expect(shape).toBeDefined();
    for (const doc of docs) {
      const theirs = idFirst((mingoFind([doc], {}, projection as Doc, MINGO_OPTIONS).all() as Doc[])[0]);
      const ours = shape!(doc);
      expect(ours).toEqual(theirs);
      expect(keysOf(ours)).toEqual(keysOf(theirs));
    }
  });

  it.each(notSimple.map((p) => [JSON.stringify(p), p]))('%s is left to mingo', (_name, projection) => {
    expect(compileSimpleProjection(projection as Doc)).toBeUndefined();
  });

  it('never changes the stored document', () => {
    const doc = { _id: 1, a: 1, b: 2 };
    compileSimpleProjection({ a: 0 })!(doc);
    compileSimpleProjection({ a: 1 })!(doc);
    expect(doc).toEqual({ _id: 1, a: 1, b: 2 });
  });
});

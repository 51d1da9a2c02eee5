import { Binary, ObjectId } from 'bson';
import { describe, expect, it } from 'vitest';
import { ValueInterner } from './value-interner.ts';

describe('ValueInterner', () => {
  it('keeps one entry per distinct short string', () => {
    const interner = new ValueInterner();
    for (const s of ['delivered', 'ok', 'delivered', 'ok', 'delivered']) expect(interner.string(s)).toBe(s);
    expect(interner.size.strings).toBe(2);
  });

  it('returns the first date of a time for every later equal date', () => {
    const interner = new ValueInterner();
    const first = new Date(1_700_000_000_000);
    expect(interner.date(first)).toBe(first);
    expect(interner.date(new Date(1_700_000_000_000))).toBe(first);
    const other = new Date(1_700_000_000_001);
    expect(interner.date(other)).toBe(other);
    expect(interner.size.dates).toBe(2);
  });

  it('shares the values of nested plain objects and arrays in place, and leaves other values alone', () => {
    const interner = new ValueInterner();
    const id = new ObjectId();
    const bin = new Binary(Buffer.from('x'));
    const at = new Date(0);
    const doc = { _id: id, status: 'ok', at, log: [{ status: 'ok', error: 'refused', at: new Date(0) }, 'tag'], n: 3, b: bin, none: null };
    const out = interner.value(doc) as typeof doc;
    expect(out).toBe(doc);
    expect(out).toEqual({
      _id: id,
      status: 'ok',
      at: new Date(0),
      log: [{ status: 'ok', error: 'refused', at: new Date(0) }, 'tag'],
      n: 3,
      b: bin,
      none: null,
    });
    expect(out._id).toBe(id);
    expect(out.b).toBe(bin);
    expect((out.log[0] as { at: Date }).at).toBe(at);
    expect(interner.size).toEqual({ strings: 3, longStrings: 0, dates: 1 }); // nothing read out of the ObjectId or Binary
  });

  it('keeps long strings in their own small table, the longest not at all, and starts a table over when full', () => {
    const interner = new ValueInterner({ maxEntries: 2, maxLength: 4, longEntries: 1, maxLongLength: 8 });
    interner.string('abcdefgh');
    interner.string('abcdefgh');
    interner.string('abcdefghijk');
    expect(interner.size).toEqual({ strings: 0, longStrings: 1, dates: 0 });
    interner.string('bcdefghi');
    expect(interner.size.longStrings).toBe(1);
    interner.string('a');
    interner.string('b');
    interner.string('c');
    expect(interner.size.strings).toBe(1);
  });

  it('interns only the values an update changed', () => {
    const interner = new ValueInterner();
    const shared = { deep: 'x' };
    const before = { a: shared, s: 'old' };
    const after = { a: shared, s: 'new' };
    interner.changedValues(before, after);
    expect(after.a).toBe(shared);
    expect(after).toEqual({ a: { deep: 'x' }, s: 'new' });
    expect(interner.size.strings).toBe(1);
  });
});

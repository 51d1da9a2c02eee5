import { BSON } from 'bson';
import { describe, expect, it } from 'vitest';
import { RecordLocations } from './record-locations.ts';

describe('record locations kept on the stored documents', () => {
  it('are found for the version they were noted on, and for no copy of it', () => {
    const locations = new RecordLocations();
    const doc = { _id: 'a', n: 1, nested: { x: 1 } };
    locations.note(doc, '/j-1', 'db.c', 40, 12);
    expect(locations.of(doc)).toMatchObject({ path: '/j-1', ns: 'db.c', off: 40, len: 12 });
    // An update stores a modified copy: it must not inherit the old record's location.
    expect(locations.of({ ...doc, n: 2 })).toBeUndefined();
    expect(locations.of(Object.assign({}, doc))).toBeUndefined();
    locations.note(doc, '/snapshot', 'db.c', 8, 12);
    expect(locations.of(doc)?.path).toBe('/snapshot');
  });

  it('stay invisible to everything that reads documents', () => {
    const locations = new RecordLocations();
    const doc = { _id: 'a', n: 1 };
    locations.note(doc, '/j-1', 'db.c', 0, 10);
    expect(Object.keys(doc)).toEqual(['_id', 'n']);
    expect(JSON.stringify(doc)).toBe('{"_id":"a","n":1}');
    expect(BSON.deserialize(BSON.serialize(doc))).toEqual({ _id: 'a', n: 1 });
    expect(doc).toEqual({ _id: 'a', n: 1 });
  });

  it('are all forgotten at once, and only by the store that noted them', () => {
    const mine = new RecordLocations();
    const other = new RecordLocations();
    const a = { _id: 'a' };
    const b = { _id: 'b' };
    mine.note(a, '/j-1', 'db.c', 0, 10);
    other.note(b, '/j-9', 'db.c', 0, 10);
    expect(mine.of(b)).toBeUndefined();
    mine.forgetAll();
    expect(mine.of(a)).toBeUndefined();
    mine.note(a, '/j-2', 'db.c', 0, 10);
    expect(mine.of(a)?.path).toBe('/j-2');
    expect(other.of(b)?.path).toBe('/j-9');
  });
});

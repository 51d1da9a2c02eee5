import { describe, expect, it } from 'vitest';
import { StorageEngine } from './engine.ts';
import { sweepExpired } from './ttl-sweeper.ts';
import type { Doc } from './bson-values.ts';
import { decodeRecords } from '../journal/record-format.ts';

describe('TTL sweep (injected clock)', () => {
  it('removes documents whose indexed date is older than expireAfterSeconds and journals it', () => {
    const engine = new StorageEngine();
    const journal: Doc[] = [];
    engine.journal = { write: (buf) => void journal.push(decodeRecords(buf).records[0]) };
    const coll = engine.ensureCollection('db', 'sessions');
    engine.createIndex(coll, { name: 'at_1', key: { at: 1 }, expireAfterSeconds: 60 });
    const t0 = Date.parse('2024-01-01T00:00:00Z');
    engine.insert(coll, { _id: 'old', at: new Date(t0) });
    engine.insert(coll, { _id: 'fresh', at: new Date(t0 + 120_000) });
    engine.insert(coll, { _id: 'array', at: [new Date(t0 + 500_000), new Date(t0 - 1)] });
    engine.insert(coll, { _id: 'string', at: '2000-01-01' });
    engine.insert(coll, { _id: 'missing' });
    journal.length = 0;

    expect(sweepExpired(engine, new Date(t0 + 59_000))).toBe(0);
    expect(sweepExpired(engine, new Date(t0 + 61_000))).toBe(2);
    expect([...coll.docs.values()].map((d) => d._id).sort()).toEqual(['fresh', 'missing', 'string']);
    expect(journal.map((r) => [r.o, r.id]).sort()).toEqual([
      ['x', 'array'],
      ['x', 'old'],
    ]);
    expect(sweepExpired(engine, new Date(t0 + 181_000))).toBe(1);
  });
});

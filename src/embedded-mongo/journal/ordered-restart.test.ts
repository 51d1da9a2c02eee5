import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../logger.ts';
import { StorageEngine } from '../storage/engine.ts';
import { matchInIndexOrder } from '../storage/index-order-scan.ts';
import { Persistence } from './persistence.ts';
import { decodeRecords } from './record-format.ts';

// An index builds its ordered list when a query first needs its order. A restart used to
// forget that, so the first such query after it stalled the server rebuilding the list;
// now the lists that existed are rebuilt during start-up, and only those.

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function open(dbPath: string, compactThresholdBytes?: number) {
  const engine = new StorageEngine();
  const persistence = new Persistence({ dbPath, engine, logger: silentLogger, fsyncIntervalMs: 10, compactThresholdBytes });
  await persistence.open();
  engine.journal = persistence;
  const coll = () => engine.ensureCollection('d', 'c');
  const index = (name: string) => coll().indexes.get(name)!;
  return { engine, persistence, coll, index };
}

function tempDbPath(): string {
  const dbPath = mkdtempSync(join(tmpdir(), 'og-ordered-'));
  dirs.push(dbPath);
  return dbPath;
}

/** A fresh data directory whose collection has the index `at_1` and one document. */
async function openWithAtIndex() {
  const dbPath = tempDbPath();
  const s = await open(dbPath, 1 << 40);
  s.engine.createIndex(s.coll(), { name: 'at_1', key: { at: 1 } });
  s.engine.insert(s.coll(), { _id: 1, at: 1 });
  return { dbPath, s };
}

describe('ordered indexes across restarts', () => {
  it.each([
    ['from the journal', 1 << 40],
    ['from a snapshot', 1],
  ])('rebuilds at start-up the lists that existed before it (%s), and only those', async (_how, threshold) => {
    const dbPath = tempDbPath();
    let s = await open(dbPath, threshold);
    s.engine.createIndex(s.coll(), { name: 'at_1', key: { at: 1 } });
    s.engine.createIndex(s.coll(), { name: 'token_1', key: { token: 1 }, unique: true });
    for (let i = 0; i < 50; i++) s.engine.insert(s.coll(), { _id: i, at: 100 - i, token: `t${i}` });
    s.persistence.flush();
    expect(s.index('at_1').isOrdered).toBe(false);
    expect(matchInIndexOrder(s.coll(), {}, { at: 1 }, 3)?.map((d) => d._id)).toEqual([49, 48, 47]);
    expect(s.index('at_1').isOrdered).toBe(true);
    s.persistence.flush();
    s.engine.insert(s.coll(), { _id: 50, at: 0, token: 't50' });
    s.persistence.flush();
    await s.persistence.close();

    s = await open(dbPath, threshold);
    expect(s.index('at_1').isOrdered).toBe(true);
    // Probed only by its full key: stays a hash map.
    expect(s.index('token_1').isOrdered).toBe(false);
    expect(matchInIndexOrder(s.coll(), {}, { at: 1 }, 3)?.map((d) => d._id)).toEqual([50, 49, 48]);
    await s.persistence.close();

    // And the next restart still knows (the start-up snapshot carried it over).
    s = await open(dbPath, threshold);
    expect(s.index('at_1').isOrdered).toBe(true);
    await s.persistence.close();
  });

  it('keeps the record under the new name when the list is first built after a rename', async () => {
    const opened = await openWithAtIndex();
    const { dbPath } = opened;
    let { s } = opened;
    s.engine.rename('d', 'c', 'd', 'renamed');
    s.engine.collection('d', 'renamed')!.indexes.get('at_1')!.ensureOrdered();
    s.persistence.flush();
    await s.persistence.close();
    s = await open(dbPath, 1 << 40);
    expect(s.engine.collection('d', 'renamed')!.indexes.get('at_1')!.isOrdered).toBe(true);
    await s.persistence.close();
  });

  it('forgets the order of a dropped and re-created index', async () => {
    const opened = await openWithAtIndex();
    const { dbPath } = opened;
    let { s } = opened;
    s.index('at_1').ensureOrdered();
    s.engine.dropIndex(s.coll(), 'at_1');
    s.engine.createIndex(s.coll(), { name: 'at_1', key: { at: 1 } });
    s.persistence.flush();
    await s.persistence.close();
    s = await open(dbPath, 1 << 40);
    expect(s.index('at_1').isOrdered).toBe(false);
    await s.persistence.close();
  });

  it('journals a first ordering as a hint, so the read that caused it cannot fail for it', () => {
    const engine = new StorageEngine();
    const writes: { op: unknown; hint: boolean }[] = [];
    engine.journal = { write: (record, _stored, hint = false) => void writes.push({ op: decodeRecords(record).records[0]?.o, hint }) };
    const coll = engine.ensureCollection('d', 'c');
    engine.createIndex(coll, { name: 'at_1', key: { at: 1 } });
    for (let i = 0; i < 5; i++) engine.insert(coll, { _id: i, at: i });
    expect(writes.every((w) => !w.hint)).toBe(true);
    writes.length = 0;
    matchInIndexOrder(coll, {}, { at: 1 }, 3);
    expect(writes).toEqual([{ op: 'oi', hint: true }]);
  });
});

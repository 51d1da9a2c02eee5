import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '../logger.ts';
import { encodeKey } from '../storage/bson-values.ts';
import { StorageEngine } from '../storage/engine.ts';
import { Persistence } from './persistence.ts';

// A compaction copies each document's current record from where it already is (the
// journal it was written to, or the previous snapshot) instead of encoding it again.
// Whatever mix of copied and encoded records a snapshot holds, reopening the directory
// must give back exactly the acknowledged state.

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const PAD = 'p'.repeat(500);

async function openStore(dbPath: string, compactThresholdBytes: number) {
  const compactions: { gen: number; snapshotBytes: number; copiedBytes: number }[] = [];
  const errors: string[] = [];
  const logger: Logger = {
    info: (obj) => 'copiedBytes' in obj && compactions.push(obj as (typeof compactions)[number]),
    warn: () => {},
    error: (obj) => errors.push(JSON.stringify(obj)),
  };
  const engine = new StorageEngine();
  const persistence = new Persistence({ dbPath, engine, logger, fsyncIntervalMs: 10, compactThresholdBytes });
  await persistence.open();
  engine.journal = persistence;
  const coll = () => engine.ensureCollection('d', 'c');
  const put = (doc: { _id: number } & Record<string, unknown>) => {
    const old = coll().get(encodeKey(doc._id));
    if (old) engine.replace(coll(), old, doc);
    else engine.insert(coll(), doc);
    persistence.flush();
  };
  const remove = (id: number) => {
    const old = coll().get(encodeKey(id));
    if (old) engine.remove(coll(), old);
    persistence.flush();
  };
  const until = async (pred: () => boolean) => {
    for (let i = 0; i < 500 && !pred(); i++) await new Promise((r) => setTimeout(r, 10));
    expect(pred()).toBe(true);
  };
  return { engine, persistence, coll, put, remove, compactions, errors, until };
}

const stateOf = (engine: StorageEngine) => [...engine.ensureCollection('d', 'c').docs.values()].sort((a, b) => Number(a._id) - Number(b._id));

async function reopened(dbPath: string) {
  const again = await openStore(dbPath, 1 << 30);
  const state = stateOf(again.engine);
  await again.persistence.close();
  return state;
}

describe('snapshots that copy records instead of encoding them', () => {
  it('copy from journals and the previous snapshot and reload to exactly the written state', async () => {
    const dbPath = mkdtempSync(join(tmpdir(), 'og-snapshot-reuse-'));
    dirs.push(dbPath);
    const store = await openStore(dbPath, 256 * 1024);
    for (let i = 0; i < 2000; i++) store.put({ _id: i, v: 0, pad: PAD });
    await store.until(() => store.compactions.length >= 1);
    // Changes scattered over the collection: runs of copied records between them.
    for (let round = 1; round <= 3; round++) {
      const before = store.compactions.length;
      for (let i = round; i < 2000; i += 7) store.put({ _id: i, v: round, pad: PAD });
      for (let i = round * 11; i < 2000; i += 97) store.remove(i);
      for (let i = 0; i < 300; i++) store.put({ _id: 10_000 * round + i, v: round, pad: PAD });
      await store.until(() => store.compactions.length > before);
    }
    const expected = stateOf(store.engine);
    await store.persistence.close();
    expect(store.errors).toEqual([]);
    expect(store.compactions.slice(1).every((c) => c.copiedBytes > c.snapshotBytes / 2)).toBe(true);
    expect(await reopened(dbPath)).toEqual(expected);
  });

  it('falls back to encoding when a file it would copy from no longer matches', async () => {
    const dbPath = mkdtempSync(join(tmpdir(), 'og-snapshot-reuse-'));
    dirs.push(dbPath);
    const store = await openStore(dbPath, 128 * 1024);
    for (let i = 0; i < 1000; i++) store.put({ _id: i, v: 0, pad: PAD });
    await store.until(() => store.compactions.length >= 1);
    // Every compaction those writes started has finished: none will replace the file below.
    await store.until(() => !existsSync(join(dbPath, 'snapshot.bson.tmp')) && readdirSync(dbPath).filter((f) => f.startsWith('journal-')).length === 1);
    // Damage a document record in the middle of the published snapshot.
    const snap = join(dbPath, 'snapshot.bson');
    const bytes = readFileSync(snap);
    bytes[Math.floor(bytes.length / 2)] ^= 0xff;
    writeFileSync(snap, bytes);
    const failedBefore = store.errors.length;
    for (let i = 1000; i < 1500; i++) store.put({ _id: i, v: 1, pad: PAD });
    await store.until(() => store.errors.length > failedBefore);
    expect(store.errors.at(-1)).toMatch(/corrupt/);
    // The failed compaction dropped nothing: the journals still hold every write, and
    // the next compaction encodes what it no longer trusts to copy.
    const published = store.compactions.length;
    for (let i = 1500; i < 2500; i++) store.put({ _id: i, v: 2, pad: PAD });
    await store.until(() => store.compactions.length > published);
    // The first one after the failure: any later one copies again, from the good snapshot
    // it published (with a fast disk two can finish before the check above sees either).
    const fallback = store.compactions[published];
    expect(fallback.copiedBytes).toBeLessThan(fallback.snapshotBytes / 2);
    const expected = stateOf(store.engine);
    await store.persistence.close();
    expect(await reopened(dbPath)).toEqual(expected);
  });
});

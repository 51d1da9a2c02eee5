import { afterEach, describe, expect, it } from 'vitest';
import { ftruncateSync, mkdtempSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../logger.ts';
import { StorageEngine } from '../storage/engine.ts';
import { JournalWriter, type JournalIo } from './journal-writer.ts';
import { Persistence } from './persistence.ts';
import { decodeRecords, encodeRecord } from './record-format.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function journalPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'og-journal-writer-'));
  dirs.push(dir);
  return join(dir, 'journal-1.bson');
}

/** Real file calls, except that while `failing` a write stores half of what it is given and then fails, as a full disk does. */
function faultyIo(opts: { truncateFails?: boolean } = {}) {
  const state = { failing: false };
  const io: JournalIo = {
    writeSync: ((fd: number, buf: Buffer, off: number, len: number) => {
      if (!state.failing) return writeSync(fd, buf, off, len);
      writeSync(fd, buf, off, Math.floor(len / 2));
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    }) as typeof writeSync,
    ftruncateSync: ((fd: number, len?: number) => {
      if (opts.truncateFails) throw new Error('EIO: i/o error, ftruncate');
      ftruncateSync(fd, len);
    }) as typeof ftruncateSync,
  };
  return { io, state };
}

const record = (i: number) => encodeRecord({ o: 'p', db: 'd', c: 'c', d: { _id: i, pad: 'x'.repeat(200) } });
const replayed = (path: string) => decodeRecords(readFileSync(path));

describe('JournalWriter', () => {
  it('cuts a half-written record back out, so the records after it still replay', async () => {
    const path = journalPath();
    const { io, state } = faultyIo();
    const writer = new JournalWriter(path, 1_000, () => undefined, io);
    writer.write(record(1));
    writer.flush();
    writer.write(record(2));
    state.failing = true;
    expect(() => writer.flush()).toThrow(/ENOSPC/);
    state.failing = false;
    writer.write(record(3));
    writer.flush();
    await writer.close();
    const { records, torn } = replayed(path);
    expect(torn).toBe(false);
    expect(records.map((r) => (r.d as { _id: number })._id)).toEqual([1, 3]);
  });

  it('does not fail a flush that held only hints, and leaves no partial record', async () => {
    const path = journalPath();
    const { io, state } = faultyIo();
    const writer = new JournalWriter(path, 1_000, () => undefined, io);
    writer.write(record(1), true);
    state.failing = true;
    expect(() => writer.flush()).not.toThrow();
    state.failing = false;
    writer.write(record(2));
    writer.flush();
    await writer.close();
    expect(replayed(path).records.map((r) => (r.d as { _id: number })._id)).toEqual([2]);
  });

  it('still fails a flush that mixed a hint with a record that must be durable', async () => {
    const { io, state } = faultyIo();
    const writer = new JournalWriter(journalPath(), 1_000, () => undefined, io);
    writer.write(record(1), true);
    writer.write(record(2));
    state.failing = true;
    expect(() => writer.flush()).toThrow(/ENOSPC/);
    state.failing = false;
    await writer.close();
  });

  it('acknowledges nothing more once a partial record cannot be removed', async () => {
    const { io, state } = faultyIo({ truncateFails: true });
    const writer = new JournalWriter(journalPath(), 1_000, () => undefined, io);
    writer.write(record(1));
    state.failing = true;
    expect(() => writer.flush()).toThrow(/ENOSPC/);
    state.failing = false;
    writer.write(record(2));
    expect(() => writer.flush()).toThrow(/partial record that could not be removed/);
    await expect(writer.close()).rejects.toThrow(/partial record/);
  });
});

describe('Persistence after a failed write', () => {
  // A threshold of one byte compacts after every flush: snapshots are taken from memory
  // while the server runs, copying each document's journal record where it has one.
  async function open(dbPath: string, io?: JournalIo) {
    const engine = new StorageEngine();
    let published = 0;
    const persistence = new Persistence({
      dbPath,
      engine,
      logger: silentLogger,
      fsyncIntervalMs: 1_000,
      journalIo: io,
      compactThresholdBytes: 1,
      onCompactionStep: async (step) => void (step === 'renamed' && (published += 1)),
    });
    await persistence.open();
    engine.journal = persistence;
    const snapshotsPublished = async (n: number) => {
      for (let i = 0; i < 400 && published < n; i++) await new Promise((r) => setTimeout(r, 5));
    };
    return { engine, persistence, coll: () => engine.ensureCollection('d', 'c'), snapshotsPublished };
  }

  it('snapshots a document whose record was cut back from memory, not from the bytes now at its offset', async () => {
    const dbPath = join(journalPath(), '..');
    const { io, state } = faultyIo();
    const s = await open(dbPath, io);
    s.engine.insert(s.coll(), { _id: 'a', v: 'aaaa' });
    s.persistence.flush();
    // The start-up snapshot, then the one this flush started: later flushes start their own.
    await s.snapshotsPublished(2);
    // Its record is cut back out; the next one, of the same length, takes its offset.
    s.engine.insert(s.coll(), { _id: 'b', v: 'bbbb' });
    state.failing = true;
    expect(() => s.persistence.flush()).toThrow(/ENOSPC/);
    state.failing = false;
    s.engine.insert(s.coll(), { _id: 'c', v: 'cccc' });
    s.persistence.flush();
    // That flush compacts (or, if the previous compaction is still deleting old journals,
    // that one's end does): the snapshot holds what is in memory, b included (an
    // unacknowledged write may or may not survive, but never as another document's bytes).
    await s.snapshotsPublished(3);
    await s.persistence.close();
    const reopened = await open(dbPath);
    expect([...reopened.coll().docs.values()].map((d) => `${String(d._id)}=${String(d.v)}`).sort()).toEqual(['a=aaaa', 'b=bbbb', 'c=cccc']);
    await reopened.persistence.close();
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { ftruncateSync, mkdtempSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JournalWriter, type JournalIo } from './journal-writer.ts';
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

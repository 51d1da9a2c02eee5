import { afterEach, describe, expect, it } from 'vitest';
import { appendFileSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { startEmbeddedMongo, type EmbeddedMongo } from '../index.ts';
import { decodeRecords, encodeRecord } from './record-format.ts';

const dirs: string[] = [];
const servers: EmbeddedMongo[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'og-journal-'));
  dirs.push(dir);
  return dir;
}

async function start(dbPath: string, extra: { compactThresholdBytes?: number } = {}): Promise<EmbeddedMongo> {
  const server = await startEmbeddedMongo({ dbPath, port: 0, ...extra });
  servers.push(server);
  return server;
}

async function withClient<T>(server: EmbeddedMongo, fn: (c: MongoClient) => Promise<T>): Promise<T> {
  const client = await new MongoClient(server.uri).connect();
  try {
    return await fn(client);
  } finally {
    await client.close();
  }
}

// Waits until no compaction is in flight: one journal left and no snapshot being written.
async function settledJournal(dbPath: string, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const files = readdirSync(dbPath);
    const journals = files.filter((f) => f.startsWith('journal-'));
    if ((journals.length === 1 && !files.some((f) => f.endsWith('.tmp'))) || Date.now() > deadline) return journals.at(-1)!;
    await new Promise((r) => setTimeout(r, 20));
  }
}

afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('journal record format', () => {
  it('decodes complete records and reports a torn tail', () => {
    const a = encodeRecord({ o: 'p', n: 1 });
    const b = encodeRecord({ o: 'p', n: 2 });
    const torn = Buffer.concat([a, b.subarray(0, b.length - 3)]);
    const out = decodeRecords(torn);
    expect(out.records).toEqual([{ o: 'p', n: 1 }]);
    expect(out.validBytes).toBe(a.length);
    expect(out.torn).toBe(true);
  });

  it('rejects a record whose checksum does not match', () => {
    const a = encodeRecord({ o: 'p', n: 1 });
    a[a.length - 2] ^= 0xff;
    expect(decodeRecords(a).records).toEqual([]);
  });
});

describe('embedded server durability', () => {
  it('keeps data and indexes across a restart', async () => {
    const dbPath = tempDir();
    let server = await start(dbPath);
    await withClient(server, async (c) => {
      const col = c.db('d').collection('c');
      await col.createIndex({ email: 1 }, { unique: true });
      await col.insertMany([{ email: 'a', at: new Date(5) }, { email: 'b' }]);
      await col.updateOne({ email: 'a' }, { $set: { x: 1 } });
      await col.deleteOne({ email: 'b' });
      const temp = c.db('d').collection('temp');
      await temp.insertOne({ moved: 1 });
      await temp.rename('moved');
    });
    await server.close();
    server = await start(dbPath);
    await withClient(server, async (c) => {
      const col = c.db('d').collection('c');
      expect(await col.find({}, { projection: { _id: 0 } }).toArray()).toEqual([{ email: 'a', at: new Date(5), x: 1 }]);
      await expect(col.insertOne({ email: 'a' })).rejects.toMatchObject({ code: 11000 });
      expect(
        await c
          .db('d')
          .collection('moved')
          .findOne({}, { projection: { _id: 0 } }),
      ).toEqual({ moved: 1 });
      expect(await c.db('d').collection('temp').countDocuments()).toBe(0);
    });
  });

  it('tolerates a torn last journal record', async () => {
    const dbPath = tempDir();
    const server = await start(dbPath);
    await withClient(server, (c) => c.db('d').collection('c').insertOne({ n: 1 }));
    await server.close();
    // Simulate a crash mid-write: a partial record after the last complete one. The
    // restart compacted the journal, so write the torn record into the live journal.
    const journal = readdirSync(dbPath).find((f) => f.startsWith('journal-'))!;
    const rec = encodeRecord({ o: 'p', db: 'd', c: 'c', d: { _id: 99, n: 2 } });
    appendFileSync(join(dbPath, journal), rec.subarray(0, rec.length - 5));
    const again = await start(dbPath);
    await withClient(again, async (c) => {
      const docs = await c
        .db('d')
        .collection('c')
        .find({}, { projection: { _id: 0 } })
        .toArray();
      expect(docs).toEqual([{ n: 1 }]);
    });
  });

  it('compacts past the size threshold without losing writes', async () => {
    const dbPath = tempDir();
    const server = await start(dbPath, { compactThresholdBytes: 4096 });
    await withClient(server, async (c) => {
      const col = c.db('d').collection('c');
      for (let i = 0; i < 200; i++) await col.insertOne({ i, pad: 'x'.repeat(50) });
      await col.deleteMany({ i: { $lt: 100 } });
    });
    // Compaction runs in the background: on a slow machine the last one may still be
    // writing its snapshot (and the journal growing) when the writes are acknowledged.
    const journal = await settledJournal(dbPath);
    expect(statSync(join(dbPath, journal)).size).toBeLessThan(8192);
    expect(Number(/journal-(\d+)/.exec(journal)![1])).toBeGreaterThan(2);
    await server.close();
    const again = await start(dbPath);
    await withClient(again, async (c) => {
      const col = c.db('d').collection('c');
      expect(await col.countDocuments()).toBe(100);
      expect((await col.find().sort({ i: 1 }).limit(1).toArray())[0].i).toBe(100);
    });
  });

  it('refuses a second server on the same dbPath with a clear error', async () => {
    const dbPath = tempDir();
    await start(dbPath);
    await expect(startEmbeddedMongo({ dbPath, port: 0 })).rejects.toThrow(/in use by another embedded MongoDB server/);
  });

  it('takes over a stale lock left by a dead process', async () => {
    const dbPath = tempDir();
    writeFileSync(join(dbPath, 'mongod.lock'), '999999999');
    const server = await start(dbPath);
    await withClient(server, (c) => c.db('d').command({ ping: 1 }));
  });
});

describe('start-up failures', () => {
  it('releases the lock when the port is taken, so a retry can start', async () => {
    const dbPath = tempDir();
    const first = await start(tempDir());
    await expect(startEmbeddedMongo({ dbPath, port: first.port })).rejects.toThrow(/EADDRINUSE/);
    const second = await start(dbPath);
    await withClient(second, (c) => c.db('d').command({ ping: 1 }));
  });
});

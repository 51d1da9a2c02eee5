import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MongoClient, MongoServerError, type Db } from 'mongodb';
import { isEmbedded, testMongoUri, uniqueDbName } from '../support/mongo-uri.ts';

let client: MongoClient;
let db: Db;

beforeAll(async () => {
  client = new MongoClient(testMongoUri());
  await client.connect();
  db = client.db(uniqueDbName('adm'));
});

afterAll(async () => {
  await db.dropDatabase();
  await client.close();
});

function serverCode(err: unknown): number | undefined {
  if (!(err instanceof MongoServerError)) return undefined;
  // The driver rewraps code 20 on writes as "does not support retryable writes" and
  // keeps the server's error as originalError.
  const original = (err.errorResponse as { originalError?: { code?: number } }).originalError;
  return original?.code ?? (typeof err.code === 'number' ? err.code : undefined);
}

describe('handshake and admin commands', () => {
  it('reports a standalone primary with sessions', async () => {
    const hello = await db.admin().command({ hello: 1 });
    expect(hello).toMatchObject({ isWritablePrimary: true, ok: 1 });
    expect(hello.maxWireVersion).toBeGreaterThanOrEqual(9);
    expect(hello.logicalSessionTimeoutMinutes).toBeGreaterThan(0);
    expect(hello.maxBsonObjectSize).toBe(16 * 1024 * 1024);
    expect(hello.setName).toBeUndefined();
    expect(await db.admin().command({ ping: 1 })).toMatchObject({ ok: 1 });
    expect((await db.admin().command({ buildInfo: 1 })).version).toMatch(/^\d+\.\d+/);
  });

  it('answers unknown commands with CommandNotFound', async () => {
    await expect(db.command({ definitelyNotACommand: 1 })).rejects.toMatchObject({ code: 59, codeName: 'CommandNotFound' });
  });

  it('accepts writeConcern, comment and maxTimeMS', async () => {
    const col = db.collection('opts');
    await col.insertOne({ a: 1 }, { writeConcern: { w: 1, j: true }, comment: 'hi' });
    expect(await col.find({}, { maxTimeMS: 1000, comment: 'c' }).toArray()).toHaveLength(1);
  });

  it('refuses transactions like a standalone (code 20)', async () => {
    const session = client.startSession();
    try {
      session.startTransaction();
      const readErr = await db
        .collection('txn')
        .findOne({}, { session })
        .catch((e) => e);
      expect(readErr).toBeInstanceOf(MongoServerError);
      expect(readErr.code).toBe(20);
      expect(readErr.message).toMatch(/Transaction numbers are only allowed on a replica set member or mongos/);
      await session.abortTransaction().catch(() => {});
      const err = await session
        .withTransaction(async () => {
          await db.collection('txn').insertOne({ a: 1 }, { session });
        })
        .catch((e) => e);
      expect(serverCode(err)).toBe(20);
    } finally {
      await session.endSession();
    }
    expect(await db.collection('txn').countDocuments()).toBe(0);
  });

  it('works with explicit sessions outside transactions', async () => {
    const session = client.startSession();
    try {
      await db.collection('sess').insertOne({ a: 1 }, { session });
      expect(await db.collection('sess').findOne({}, { session })).toMatchObject({ a: 1 });
    } finally {
      await session.endSession();
    }
  });

  it('answers diagnostics used by shells and health checks', async () => {
    const other = client.db(uniqueDbName('stats'));
    await other.collection('a').insertMany([{ x: 1 }, { x: 2 }]);
    await other.collection('b').insertOne({ y: 1 });
    const stats = await other.stats();
    expect(stats).toMatchObject({ db: other.databaseName, collections: 2, objects: 3, ok: 1 });
    expect(await db.admin().serverStatus()).toMatchObject({ ok: 1 });
    expect(await db.admin().command({ connectionStatus: 1 })).toMatchObject({ ok: 1 });
    await other.dropDatabase();
  });

  it.skipIf(!isEmbedded())('lists databases', async () => {
    await db.collection('x').insertOne({ a: 1 });
    const { databases } = await db.admin().listDatabases();
    expect(databases.map((d) => d.name)).toContain(db.databaseName);
  });
});

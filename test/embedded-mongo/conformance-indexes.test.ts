import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MongoBulkWriteError, MongoClient, type Db } from 'mongodb';
import { isEmbedded, testMongoUri, uniqueDbName } from '../support/mongo-uri.ts';

let client: MongoClient;
let db: Db;
let dbName: string;

beforeAll(async () => {
  client = new MongoClient(testMongoUri());
  await client.connect();
  dbName = uniqueDbName('idx');
  db = client.db(dbName);
});

afterAll(async () => {
  await db.dropDatabase();
  await client.close();
});

describe('unique indexes and duplicate-key errors', () => {
  it('insertOne reports code, keyPattern, keyValue and a MongoDB-shaped errmsg', async () => {
    const col = db.collection('users');
    await col.createIndex({ name: 1 }, { unique: true });
    await col.insertOne({ name: 'x' });
    const err = await col.insertOne({ name: 'x' }).catch((e) => e);
    expect(err).toMatchObject({ code: 11000, keyPattern: { name: 1 }, keyValue: { name: 'x' } });
    expect(err.message).toBe(`E11000 duplicate key error collection: ${dbName}.users index: name_1 dup key: { name: "x" }`);
  });

  it('_id is always unique', async () => {
    const col = db.collection('ids');
    await col.insertOne({ _id: 1 as never });
    await expect(col.insertOne({ _id: 1 as never })).rejects.toMatchObject({ code: 11000, keyPattern: { _id: 1 }, keyValue: { _id: 1 } });
  });

  it('ordered insertMany stops at the first duplicate', async () => {
    const col = db.collection('ordered');
    await col.createIndex({ k: 1 }, { unique: true });
    const err: MongoBulkWriteError = await col.insertMany([{ k: 1 }, { k: 2 }, { k: 1 }, { k: 3 }]).catch((e) => e);
    expect(err).toBeInstanceOf(MongoBulkWriteError);
    expect(err.code).toBe(11000);
    expect(err.result.insertedCount).toBe(2);
    const writeErrors = Array.isArray(err.writeErrors) ? err.writeErrors : [err.writeErrors];
    expect(writeErrors).toHaveLength(1);
    expect(writeErrors[0].index).toBe(2);
    expect(writeErrors[0].code).toBe(11000);
    expect(writeErrors[0].errmsg).toMatch(/^E11000 duplicate key error collection: .*\.ordered index: k_1 dup key: \{ k: 1 \}$/);
    expect(await col.countDocuments()).toBe(2);
  });

  it('batch replies carry keyPattern and keyValue in each writeErrors entry', async () => {
    await db.collection('raw').createIndex({ k: 1 }, { unique: true });
    const reply = await db.command({ insert: 'raw', documents: [{ k: 1 }, { k: 1 }, { k: 2 }, { k: 2 }], ordered: false });
    expect(reply.ok).toBe(1);
    expect(reply.n).toBe(2);
    expect(reply.writeErrors).toHaveLength(2);
    expect(reply.writeErrors[0]).toMatchObject({ index: 1, code: 11000, keyPattern: { k: 1 }, keyValue: { k: 1 } });
    expect(reply.writeErrors[1]).toMatchObject({ index: 3, code: 11000, keyPattern: { k: 1 }, keyValue: { k: 2 } });
    expect(reply.writeErrors[1].errmsg).toBe(`E11000 duplicate key error collection: ${dbName}.raw index: k_1 dup key: { k: 2 }`);
  });

  it('unordered insertMany continues past duplicates', async () => {
    const col = db.collection('unordered');
    await col.createIndex({ k: 1 }, { unique: true });
    const err: MongoBulkWriteError = await col.insertMany([{ k: 1 }, { k: 1 }, { k: 2 }, { k: 2 }, { k: 3 }], { ordered: false }).catch((e) => e);
    expect(err).toBeInstanceOf(MongoBulkWriteError);
    const writeErrors = Array.isArray(err.writeErrors) ? err.writeErrors : [err.writeErrors];
    expect(writeErrors.map((w) => w.index)).toEqual([1, 3]);
    expect(err.result.insertedCount).toBe(3);
    expect(await col.countDocuments()).toBe(3);
  });

  it('updateOne and findOneAndUpdate report duplicates', async () => {
    const col = db.collection('upd');
    await col.createIndex({ email: 1 }, { unique: true });
    await col.insertMany([{ email: 'a' }, { email: 'b' }]);
    await expect(col.updateOne({ email: 'b' }, { $set: { email: 'a' } })).rejects.toMatchObject({
      code: 11000,
      keyPattern: { email: 1 },
      keyValue: { email: 'a' },
    });
    await expect(col.findOneAndUpdate({ email: 'b' }, { $set: { email: 'a' } })).rejects.toMatchObject({
      code: 11000,
      codeName: 'DuplicateKey',
      keyPattern: { email: 1 },
      keyValue: { email: 'a' },
    });
    expect(await col.countDocuments({ email: 'b' })).toBe(1);
  });

  it('compound unique index', async () => {
    const col = db.collection('compound');
    await col.createIndex({ a: 1, b: 1 }, { unique: true });
    await col.insertMany([
      { a: 1, b: 'x' },
      { a: 1, b: 'y' },
      { a: 2, b: 'x' },
    ]);
    const err = await col.insertOne({ a: 1, b: 'x' }).catch((e) => e);
    expect(err).toMatchObject({ code: 11000, keyPattern: { a: 1, b: 1 }, keyValue: { a: 1, b: 'x' } });
    expect(err.message).toMatch(/index: a_1_b_1 dup key: \{ a: 1, b: "x" \}$/);
  });

  it('sparse unique index ignores documents without the field', async () => {
    const col = db.collection('sparse');
    await col.createIndex({ code: 1 }, { unique: true, sparse: true });
    await col.insertMany([{ x: 1 }, { x: 2 }, { code: 'c' }]);
    await expect(col.insertOne({ code: 'c' })).rejects.toMatchObject({ code: 11000 });
    expect(await col.countDocuments({ code: 'c' })).toBe(1);
  });

  it('a non-sparse unique index treats missing as null', async () => {
    const col = db.collection('nonsparse');
    await col.createIndex({ code: 1 }, { unique: true });
    await col.insertOne({ x: 1 });
    await expect(col.insertOne({ x: 2 })).rejects.toMatchObject({ code: 11000, keyValue: { code: null } });
  });

  it('partial unique index only constrains matching documents', async () => {
    const col = db.collection('partial');
    await col.createIndex({ email: 1 }, { unique: true, partialFilterExpression: { active: true } });
    await col.insertMany([
      { email: 'a', active: false },
      { email: 'a', active: false },
      { email: 'a', active: true },
    ]);
    await expect(col.insertOne({ email: 'a', active: true })).rejects.toMatchObject({ code: 11000 });
    expect(await col.countDocuments({ email: 'a' })).toBe(3);
  });

  it('refuses to build a unique index over existing duplicates', async () => {
    const col = db.collection('dupbuild');
    await col.insertMany([{ v: 1 }, { v: 1 }]);
    await expect(col.createIndex({ v: 1 }, { unique: true })).rejects.toMatchObject({ code: 11000 });
  });

  it('uses unique secondary indexes for lookups and ranges', async () => {
    const col = db.collection('lookups');
    await col.createIndex({ n: 1 });
    await col.createIndex({ s: 1, n: 1 });
    await col.insertMany(Array.from({ length: 50 }, (_, i) => ({ n: i, s: i % 2 ? 'odd' : 'even', at: new Date(i * 1000) })));
    expect(await col.countDocuments({ n: { $gte: 10, $lt: 20 } })).toBe(10);
    expect(await col.countDocuments({ n: { $in: [1, 2, 3, 99] } })).toBe(3);
    expect(await col.countDocuments({ s: 'odd', n: { $gt: 40 } })).toBe(5);
    expect(
      (
        await col
          .find({ n: { $gt: 45 } })
          .sort({ n: -1 })
          .toArray()
      ).map((d) => d.n),
    ).toEqual([49, 48, 47, 46]);
    expect(await col.countDocuments({ n: { $gt: 'a' } })).toBe(0);
  });
});

describe('sorted pagination over a compound index', () => {
  it('pages newest-first by _id within one tenant', async () => {
    const col = db.collection<{ _id: string; org: string; n: number }>('events');
    await col.createIndex({ org: 1, _id: 1 });
    await col.insertMany(Array.from({ length: 60 }, (_, i) => ({ _id: `e${String(i).padStart(3, '0')}`, org: i % 2 ? 'a' : 'b', n: i })));
    const seen: string[] = [];
    let cursor: string | undefined;
    for (;;) {
      const filter = cursor ? { $and: [{ org: 'a' }, { _id: { $lt: cursor } }] } : { org: 'a' };
      const page = await col.find(filter).sort({ _id: -1 }).limit(7).toArray();
      seen.push(...page.map((d) => d._id));
      if (page.length < 7) break;
      cursor = page[page.length - 1]._id;
    }
    const expected = Array.from({ length: 60 }, (_, i) => i)
      .filter((i) => i % 2)
      .reverse()
      .map((i) => `e${String(i).padStart(3, '0')}`);
    expect(seen).toEqual(expected);
    expect((await col.find({ org: 'b' }).sort({ _id: 1 }).skip(2).limit(3).toArray()).map((d) => d.n)).toEqual([4, 6, 8]);
  });
});

describe('index administration', () => {
  it('createIndexes is idempotent and reports conflicts with codes 85/86', async () => {
    const col = db.collection('admin');
    expect(await col.createIndex({ a: 1 }, { name: 'a_idx' })).toBe('a_idx');
    expect(await col.createIndex({ a: 1 }, { name: 'a_idx' })).toBe('a_idx');
    await expect(col.createIndex({ b: 1 }, { name: 'a_idx' })).rejects.toMatchObject({ code: 86 });
    await expect(col.createIndex({ a: 1 }, { name: 'other' })).rejects.toMatchObject({ code: 85 });
    await expect(col.createIndex({ a: 1 }, { name: 'a_idx', unique: true })).rejects.toMatchObject({ code: 85 });
  });

  it('lists and drops indexes', async () => {
    const col = db.collection('admin2');
    await col.createIndex({ a: 1 });
    await col.createIndex({ b: -1 }, { unique: true });
    await col.createIndex({ at: 1 }, { expireAfterSeconds: 3600 });
    const list = await col.listIndexes().toArray();
    expect(list.map((i) => i.name)).toEqual(['_id_', 'a_1', 'b_-1', 'at_1']);
    expect(list[2]).toMatchObject({ key: { b: -1 }, unique: true });
    expect(list[3]).toMatchObject({ expireAfterSeconds: 3600 });
    await col.dropIndex('a_1');
    await expect(col.dropIndex('a_1')).rejects.toMatchObject({ code: 27 });
    await expect(col.dropIndex('_id_')).rejects.toMatchObject({ code: 72 });
    await col.dropIndexes();
    expect((await col.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_']);
    await expect(db.collection('never').listIndexes().toArray()).rejects.toMatchObject({ code: 26 });
  });

  it('lists collections and drops them (a missing one is fine)', async () => {
    const other = client.db(uniqueDbName('lc'));
    await other.createCollection('one');
    await other.collection('two').insertOne({ a: 1 });
    const names = (await other.listCollections().toArray()).map((c) => c.name).sort();
    expect(names).toEqual(['one', 'two']);
    expect((await other.listCollections({ name: 'two' }).toArray()).map((c) => c.name)).toEqual(['two']);
    await expect(other.createCollection('one')).rejects.toMatchObject({ code: 48 });
    expect(await other.collection('two').drop()).toBe(true);
    expect(await other.collection('missing').drop()).toBe(true);
    expect((await other.listCollections().toArray()).map((c) => c.name)).toEqual(['one']);
    await other.dropDatabase();
    expect(await other.listCollections().toArray()).toEqual([]);
  });
});

describe('renameCollection', () => {
  it('moves documents and indexes, honouring dropTarget', async () => {
    const from = db.collection('ren_from');
    await from.createIndex({ k: 1 }, { unique: true });
    await from.insertMany([{ k: 1 }, { k: 2 }]);
    await db.collection('ren_to').insertOne({ old: true });
    await expect(from.rename('ren_to')).rejects.toMatchObject({ code: 48 });
    const renamed = await from.rename('ren_to', { dropTarget: true });
    expect(await renamed.countDocuments()).toBe(2);
    expect((await renamed.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_', 'k_1']);
    await expect(renamed.insertOne({ k: 1 })).rejects.toMatchObject({ code: 11000 });
    expect((await db.listCollections({ name: 'ren_from' }).toArray()).length).toBe(0);
    await expect(db.collection('ren_missing').rename('x')).rejects.toMatchObject({ code: 26 });
  });
});

describe('TTL indexes', () => {
  it.skipIf(!isEmbedded())('removes expired documents within a couple of sweeps', async () => {
    const col = db.collection('ttl');
    await col.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0 });
    await col.insertMany([
      { k: 'old', expiresAt: new Date(Date.now() - 60_000) },
      { k: 'future', expiresAt: new Date(Date.now() + 3_600_000) },
      { k: 'no-date', expiresAt: 'not a date' },
      { k: 'missing' },
    ]);
    const deadline = Date.now() + 3000;
    while (Date.now() < deadline && (await col.countDocuments({ k: 'old' })) > 0) await new Promise((r) => setTimeout(r, 100));
    expect((await col.find().toArray()).map((d) => d.k).sort()).toEqual(['future', 'missing', 'no-date']);
  });
});

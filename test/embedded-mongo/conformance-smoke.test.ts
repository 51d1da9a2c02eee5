import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MongoClient, ObjectId, type Db } from 'mongodb';
import { testMongoUri, uniqueDbName } from '../support/mongo-uri.ts';

describe('embedded mongo smoke (through the official driver)', () => {
  let client: MongoClient;
  let db: Db;

  beforeAll(async () => {
    client = new MongoClient(testMongoUri());
    await client.connect();
    db = client.db(uniqueDbName('smoke'));
  });

  afterAll(async () => {
    await db.dropDatabase();
    await client.close();
  });

  it('answers ping', async () => {
    expect(await db.command({ ping: 1 })).toMatchObject({ ok: 1 });
  });

  it('inserts and finds documents, keeping BSON types', async () => {
    const col = db.collection('docs');
    const id = new ObjectId();
    const at = new Date('2024-01-02T03:04:05.678Z');
    await col.insertOne({ _id: id, name: 'a', at, n: 1 });
    const found = await col.findOne({ _id: id });
    expect(found).toEqual({ _id: id, name: 'a', at, n: 1 });
    expect(found?._id).toBeInstanceOf(ObjectId);
    expect(found?.at).toBeInstanceOf(Date);
  });

  it('updates, upserts and deletes', async () => {
    const col = db.collection('upd');
    await col.insertMany([{ k: 1 }, { k: 2 }]);
    const r = await col.updateOne({ k: 1 }, { $set: { v: 'x' } });
    expect(r).toMatchObject({ matchedCount: 1, modifiedCount: 1 });
    const up = await col.updateOne({ k: 3 }, { $set: { v: 'y' } }, { upsert: true });
    expect(up.upsertedCount).toBe(1);
    expect(await col.findOne({ k: 3 }, { projection: { _id: 0 } })).toEqual({ k: 3, v: 'y' });
    expect((await col.deleteMany({ k: { $gte: 2 } })).deletedCount).toBe(2);
    expect(await col.countDocuments()).toBe(1);
  });

  it('pages through a cursor with getMore', async () => {
    const col = db.collection('cur');
    await col.insertMany(Array.from({ length: 11 }, (_, i) => ({ i })));
    const all = await col.find({}).sort({ i: 1 }).batchSize(2).toArray();
    expect(all.map((d) => d.i)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('enforces a unique index', async () => {
    const col = db.collection('uniq');
    await col.createIndex({ email: 1 }, { unique: true });
    await col.insertOne({ email: 'a@x' });
    await expect(col.insertOne({ email: 'a@x' })).rejects.toMatchObject({ code: 11000 });
  });

  it('runs findOneAndUpdate and aggregate', async () => {
    const col = db.collection('fam');
    await col.insertMany([
      { g: 'a', n: 1 },
      { g: 'a', n: 2 },
      { g: 'b', n: 3 },
    ]);
    const doc = await col.findOneAndUpdate({ g: 'b' }, { $inc: { n: 1 } }, { returnDocument: 'after' });
    expect(doc?.n).toBe(4);
    const groups = await col.aggregate([{ $group: { _id: '$g', total: { $sum: '$n' } } }, { $sort: { _id: 1 } }]).toArray();
    expect(groups).toEqual([
      { _id: 'a', total: 3 },
      { _id: 'b', total: 4 },
    ]);
  });
});

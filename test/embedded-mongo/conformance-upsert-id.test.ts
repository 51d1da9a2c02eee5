import { MongoClient, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testMongoUri, uniqueDbName } from '../support/mongo-uri.ts';

// The gateway's repositories choose their own string _ids on upsert (find-or-create by
// a natural key), which MongoDB allows through $setOnInsert and $set on the insert.
let client: MongoClient;
let db: Db;
beforeAll(async () => {
  client = new MongoClient(testMongoUri());
  await client.connect();
  db = client.db(uniqueDbName('upsid'));
});
afterAll(async () => {
  await db.dropDatabase();
  await client.close();
});

describe('upserts that choose the new document _id', () => {
  it('takes _id from $setOnInsert on insert and leaves it alone on match', async () => {
    const col = db.collection<{ _id: string; name: string; n?: number }>('orgs');
    const first = await col.findOneAndUpdate({ name: 'a' }, { $setOnInsert: { _id: 'id-a', n: 1 } }, { upsert: true, returnDocument: 'after' });
    expect(first).toEqual({ _id: 'id-a', name: 'a', n: 1 });
    const again = await col.findOneAndUpdate({ name: 'a' }, { $setOnInsert: { _id: 'id-other', n: 2 } }, { upsert: true, returnDocument: 'after' });
    expect(again).toEqual({ _id: 'id-a', name: 'a', n: 1 });
    expect(await col.countDocuments()).toBe(1);
  });

  it('reports the chosen _id as upsertedId from updateOne', async () => {
    const col = db.collection<{ _id: string; k: number }>('keys');
    const res = await col.updateOne({ k: 1 }, { $setOnInsert: { _id: 'chosen' } }, { upsert: true });
    expect(res.upsertedId).toBe('chosen');
  });

  it('refuses to change _id of an existing document', async () => {
    const col = db.collection<{ _id: string; v: number }>('immutable');
    await col.insertOne({ _id: 'x', v: 1 });
    await expect(col.updateOne({ _id: 'x' }, { $set: { _id: 'y' } } as never)).rejects.toMatchObject({ code: 66 });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MongoClient, ObjectId, type Db } from 'mongodb';
import { testMongoUri, uniqueDbName } from '../support/mongo-uri.ts';

let client: MongoClient;
let db: Db;

beforeAll(async () => {
  client = new MongoClient(testMongoUri());
  await client.connect();
  db = client.db(uniqueDbName('upd'));
});

afterAll(async () => {
  await db.dropDatabase();
  await client.close();
});

async function updated(name: string, doc: object, update: object, options: object = {}) {
  const col = db.collection(name);
  const { insertedId } = await col.insertOne({ ...doc });
  const res = await col.updateOne({ _id: insertedId }, update, options);
  return { res, doc: await col.findOne({ _id: insertedId }, { projection: { _id: 0 } }) };
}

describe('update operators', () => {
  it('$set / $unset / $inc', async () => {
    const { res, doc } = await updated('ops', { a: 1, b: 2, n: 5 }, { $set: { a: 10, 'c.d': 1 }, $unset: { b: '' }, $inc: { n: -2, m: 1 } });
    expect(res).toMatchObject({ matchedCount: 1, modifiedCount: 1 });
    expect(doc).toEqual({ a: 10, n: 3, c: { d: 1 }, m: 1 });
  });

  it('reports nModified 0 for a no-op $set', async () => {
    const { res } = await updated('ops', { a: 1 }, { $set: { a: 1 } });
    expect(res).toMatchObject({ matchedCount: 1, modifiedCount: 0 });
  });

  it('$push with $each and $slice, $pull, $addToSet', async () => {
    const { doc } = await updated(
      'arr',
      { list: [1, 2], set: ['a'], junk: [1, 5, 9] },
      {
        $push: { list: { $each: [3, 4, 5], $slice: -3 } },
        $addToSet: { set: { $each: ['a', 'b'] } },
        $pull: { junk: { $gte: 5 } },
      },
    );
    expect(doc).toEqual({ list: [3, 4, 5], set: ['a', 'b'], junk: [1] });
  });

  it('$min / $max / $rename / $currentDate', async () => {
    const before = Date.now();
    const { doc } = await updated(
      'misc',
      { lo: 5, hi: 5, old: 'v' },
      {
        $min: { lo: 3 },
        $max: { hi: 9 },
        $rename: { old: 'renamed' },
        $currentDate: { touched: true },
      },
    );
    expect(doc).toMatchObject({ lo: 3, hi: 9, renamed: 'v' });
    expect(doc?.old).toBeUndefined();
    expect(doc?.touched).toBeInstanceOf(Date);
    expect((doc?.touched as Date).getTime()).toBeGreaterThanOrEqual(before - 1000);
  });

  it('positional $ and arrayFilters', async () => {
    const col = db.collection<{ _id: number; items: Array<{ sku: string; qty: number }> }>('pos');
    await col.insertOne({
      _id: 1,
      items: [
        { sku: 'a', qty: 1 },
        { sku: 'b', qty: 2 },
        { sku: 'c', qty: 3 },
      ],
    });
    await col.updateOne({ _id: 1, 'items.sku': 'b' }, { $set: { 'items.$.qty': 20 } });
    await col.updateOne({ _id: 1 }, { $inc: { 'items.$[it].qty': 100 } }, { arrayFilters: [{ 'it.qty': { $gte: 3 } }] });
    const doc = await col.findOne({ _id: 1 });
    expect(doc?.items).toEqual([
      { sku: 'a', qty: 1 },
      { sku: 'b', qty: 120 },
      { sku: 'c', qty: 103 },
    ]);
  });

  it('replacement keeps _id and rejects changing it', async () => {
    const col = db.collection('repl');
    const { insertedId } = await col.insertOne({ a: 1, b: 2 });
    const res = await col.replaceOne({ _id: insertedId }, { c: 3 });
    expect(res.modifiedCount).toBe(1);
    expect(await col.findOne({ _id: insertedId })).toEqual({ _id: insertedId, c: 3 });
    await expect(col.replaceOne({ _id: insertedId }, { _id: new ObjectId(), c: 4 })).rejects.toMatchObject({ code: 66 });
    await expect(col.updateOne({ _id: insertedId }, { $set: { _id: 5 } })).rejects.toMatchObject({ code: 66 });
  });

  it('updateMany reports matched and modified counts', async () => {
    const col = db.collection('many');
    await col.insertMany([
      { g: 1, v: 0 },
      { g: 1, v: 1 },
      { g: 2, v: 1 },
    ]);
    const res = await col.updateMany({ g: 1 }, { $set: { v: 1 } });
    expect(res).toMatchObject({ matchedCount: 2, modifiedCount: 1, upsertedCount: 0 });
  });
});

describe('update errors', () => {
  it('rejects type-mismatched operators like mongod', async () => {
    const col = db.collection('errs');
    const { insertedId } = await col.insertOne({ s: 'str', n: 1, list: [1] });
    await expect(col.updateOne({ _id: insertedId }, { $inc: { s: 1 } })).rejects.toMatchObject({ code: 14 });
    await expect(col.updateOne({ _id: insertedId }, { $set: { 'n.x': 1 } })).rejects.toMatchObject({ code: 28 });
    await expect(col.updateOne({ _id: insertedId }, { $push: { n: 2 } } as never)).rejects.toMatchObject({ code: 2 });
    await expect(col.updateOne({ _id: insertedId }, { $set: { n: 2 }, $inc: { n: 1 } })).rejects.toMatchObject({ code: 40 });
    await expect(col.updateOne({ _id: insertedId }, { $set: { list: [] }, $push: { 'list.0': 1 } } as never)).rejects.toMatchObject({ code: 40 });
    await expect(col.updateOne({ _id: insertedId }, { $bogus: { n: 1 } } as never)).rejects.toMatchObject({ code: 9 });
    expect(await col.findOne({ _id: insertedId }, { projection: { _id: 0 } })).toEqual({ s: 'str', n: 1, list: [1] });
  });

  it('refuses an update that grows a document past 16 MiB, leaving it unchanged', async () => {
    const col = db.collection('huge');
    const { insertedId } = await col.insertOne({ a: 'x'.repeat(9 * 1024 * 1024) });
    await expect(col.updateOne({ _id: insertedId }, { $set: { b: 'y'.repeat(9 * 1024 * 1024) } })).rejects.toMatchObject({ code: 17419 });
    const doc = await col.findOne({ _id: insertedId }, { projection: { b: 1 } });
    expect(doc).toEqual({ _id: insertedId });
    await col.drop();
  });

  it('fails only the bad statement of an unordered batch', async () => {
    const col = db.collection('errs2');
    await col.insertMany([
      { _id: 1, v: 'a' },
      { _id: 2, v: 1 },
    ] as never[]);
    const err = await col
      .bulkWrite(
        [{ updateOne: { filter: { _id: 1 }, update: { $inc: { v: 1 } } } }, { updateOne: { filter: { _id: 2 }, update: { $inc: { v: 1 } } } }] as never,
        { ordered: false },
      )
      .catch((e) => e);
    expect(err.writeErrors?.length ?? [err.writeErrors].length).toBe(1);
    expect((await col.findOne({ _id: 2 } as never))?.v).toBe(2);
  });
});

describe('upserts', () => {
  it('seeds from equality fields ($eq, $and, dotted) and applies $setOnInsert', async () => {
    const col = db.collection('ups');
    const res = await col.updateOne(
      { name: 'x', kind: { $eq: 'k' }, $and: [{ 'meta.region': 'eu' }], n: { $gt: 5 } },
      { $set: { v: 1 }, $setOnInsert: { created: true } },
      { upsert: true },
    );
    expect(res.upsertedCount).toBe(1);
    expect(res.upsertedId).toBeInstanceOf(ObjectId);
    const doc = await col.findOne({ _id: res.upsertedId! }, { projection: { _id: 0 } });
    expect(doc).toEqual({ name: 'x', kind: 'k', meta: { region: 'eu' }, v: 1, created: true });
    const again = await col.updateOne({ name: 'x' }, { $set: { v: 2 }, $setOnInsert: { created: false } }, { upsert: true });
    expect(again).toMatchObject({ matchedCount: 1, modifiedCount: 1, upsertedCount: 0 });
    expect((await col.findOne({ name: 'x' }))?.created).toBe(true);
  });

  it('uses the query _id for an upserted replacement', async () => {
    const col = db.collection<{ _id: string; v: number }>('ups2');
    const res = await col.replaceOne({ _id: 'fixed' }, { v: 1 }, { upsert: true });
    expect(res.upsertedId).toBe('fixed');
    expect(await col.findOne({ _id: 'fixed' })).toEqual({ _id: 'fixed', v: 1 });
  });
});

describe('findOneAndUpdate / findOneAndDelete / findOneAndReplace', () => {
  it('picks the first by sort and returns the updated document', async () => {
    const col = db.collection('fam');
    await col.insertMany([
      { q: 1, p: 3 },
      { q: 1, p: 1 },
      { q: 1, p: 2 },
    ]);
    const doc = await col.findOneAndUpdate({ q: 1 }, { $set: { taken: true } }, { sort: { p: 1 }, returnDocument: 'after' });
    expect(doc).toMatchObject({ p: 1, taken: true });
    const before = await col.findOneAndUpdate({ q: 1, taken: { $exists: false } }, { $set: { taken: true } }, { sort: { p: -1 } });
    expect(before).toMatchObject({ p: 3 });
    expect(before?.taken).toBeUndefined();
  });

  it('upserts and reports lastErrorObject like MongoDB', async () => {
    const col = db.collection('fam2');
    const res = await col.findOneAndUpdate(
      { key: 'k1' },
      { $set: { v: 1 }, $setOnInsert: { c: 1 } },
      { upsert: true, returnDocument: 'after', includeResultMetadata: true },
    );
    expect(res.lastErrorObject).toMatchObject({ n: 1, updatedExisting: false });
    expect(res.lastErrorObject?.upserted).toBeInstanceOf(ObjectId);
    expect(res.value).toMatchObject({ key: 'k1', v: 1, c: 1 });
    const res2 = await col.findOneAndUpdate({ key: 'k1' }, { $inc: { v: 1 } }, { includeResultMetadata: true, projection: { _id: 0, v: 1 } });
    expect(res2.lastErrorObject).toEqual({ n: 1, updatedExisting: true });
    expect(res2.value).toEqual({ v: 1 });
    const res3 = await col.findOneAndUpdate({ key: 'none' }, { $inc: { v: 1 } }, { includeResultMetadata: true });
    expect(res3.lastErrorObject).toEqual({ n: 0, updatedExisting: false });
    expect(res3.value).toBeNull();
  });

  it('deletes and replaces atomically', async () => {
    const col = db.collection('fam3');
    await col.insertMany([{ k: 1 }, { k: 2 }]);
    expect(await col.findOneAndDelete({ k: 1 })).toMatchObject({ k: 1 });
    expect(await col.findOneAndDelete({ k: 1 })).toBeNull();
    expect(await col.findOneAndReplace({ k: 2 }, { k: 3 }, { returnDocument: 'after', projection: { _id: 0 } })).toEqual({ k: 3 });
  });

  it('never hands the same document to two concurrent claimers', async () => {
    const col = db.collection('claims');
    await col.insertMany(Array.from({ length: 20 }, (_, i) => ({ i, owner: null })));
    const claims = await Promise.all(
      Array.from({ length: 30 }, (_, w) => col.findOneAndUpdate({ owner: null }, { $set: { owner: w } }, { sort: { i: 1 }, returnDocument: 'after' })),
    );
    const got = claims.filter((d) => d !== null).map((d) => d!.i);
    expect(got.length).toBe(20);
    expect(new Set(got).size).toBe(20);
  });
});

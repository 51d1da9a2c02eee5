import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Binary, Long, MongoClient, ObjectId, type Db } from 'mongodb';
import { testMongoUri, uniqueDbName } from '../support/mongo-uri.ts';

let client: MongoClient;
let db: Db;

beforeAll(async () => {
  client = new MongoClient(testMongoUri());
  await client.connect();
  db = client.db(uniqueDbName('crud'));
});

afterAll(async () => {
  await db.dropDatabase();
  await client.close();
});

describe('CRUD through the driver', () => {
  it('round-trips BSON types (ObjectId, Date, Binary, nested, Long as number)', async () => {
    const col = db.collection('types');
    const ref = new ObjectId();
    const doc = {
      ref,
      at: new Date('2020-05-06T07:08:09.010Z'),
      bin: new Binary(Buffer.from([1, 2, 3]), 4),
      nested: { arr: [1, 'two', { three: 3 }], flag: true, none: null },
      big: Long.fromNumber(2 ** 40),
      f: 1.5,
    };
    const { insertedId } = await col.insertOne(doc);
    const found = await col.findOne({ _id: insertedId });
    expect(found?.ref).toBeInstanceOf(ObjectId);
    expect(found?.ref.equals(ref)).toBe(true);
    expect(found?.at).toEqual(doc.at);
    expect(found?.bin).toBeInstanceOf(Binary);
    expect(Buffer.from((found?.bin as Binary).buffer)).toEqual(Buffer.from([1, 2, 3]));
    expect(found?.nested).toEqual(doc.nested);
    expect(Number(found?.big)).toBe(2 ** 40);
    expect(found?.f).toBe(1.5);
    expect(await col.countDocuments({ ref })).toBe(1);
    expect(await col.countDocuments({ ref: { $in: [new ObjectId(), ref] } })).toBe(1);
    expect(await col.countDocuments({ big: { $gt: 2 ** 39 } })).toBe(1);
    expect(await col.countDocuments({ big: { $gt: Long.fromNumber(2 ** 39) } })).toBe(1);
    expect(await col.countDocuments({ at: { $gte: new Date('2020-01-01'), $lt: new Date('2021-01-01') } })).toBe(1);
    expect(await col.countDocuments({ at: { $lt: new Date('2020-01-01') } })).toBe(0);
  });

  it('stores _id first and generates one when missing', async () => {
    const col = db.collection('ids');
    await db.command({ insert: 'ids', documents: [{ a: 1 }, { b: 2, _id: 7 }] });
    const docs = await col.find().toArray();
    expect(Object.keys(docs[0])[0]).toBe('_id');
    expect(docs[0]._id).toBeInstanceOf(ObjectId);
    expect(Object.keys(docs[1])).toEqual(['_id', 'b']);
  });

  it('finds with filter, sort, projection, skip and limit', async () => {
    const col = db.collection('people');
    await col.insertMany([
      { name: 'ann', age: 31, tags: ['a', 'b'] },
      { name: 'bob', age: 25, tags: ['b'] },
      { name: 'cy', age: 40 },
      { name: 'dee', age: 25, tags: [] },
    ]);
    const names = (
      await col
        .find({ age: { $gte: 25 } })
        .sort({ age: -1, name: 1 })
        .toArray()
    ).map((d) => d.name);
    expect(names).toEqual(['cy', 'ann', 'bob', 'dee']);
    expect(
      await col
        .find({ tags: 'b' }, { projection: { _id: 0, name: 1 } })
        .sort({ name: 1 })
        .toArray(),
    ).toEqual([{ name: 'ann' }, { name: 'bob' }]);
    expect((await col.find({}).sort({ name: 1 }).skip(1).limit(2).toArray()).map((d) => d.name)).toEqual(['bob', 'cy']);
    expect(await col.findOne({ name: 'cy' }, { projection: { age: 0, _id: 0 } })).toEqual({ name: 'cy' });
    expect(await col.findOne({ name: 'nobody' })).toBeNull();
    expect((await col.find({ $or: [{ name: 'ann' }, { age: 40 }] }).toArray()).length).toBe(2);
    expect((await col.find({ tags: { $exists: false } }).toArray()).map((d) => d.name)).toEqual(['cy']);
  });

  it('pages a cursor with batchSize 2 over 11 docs via getMore', async () => {
    const col = db.collection('paged');
    await col.insertMany(Array.from({ length: 11 }, (_, i) => ({ i })));
    const cursor = col.find({}).sort({ i: 1 }).batchSize(2);
    const seen: number[] = [];
    for await (const doc of cursor) seen.push(doc.i as number);
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('kills a cursor on close (killCursors)', async () => {
    const col = db.collection('paged');
    const cursor = col.find({}).batchSize(2);
    await cursor.next();
    const id = cursor.id;
    expect(id && !id.isZero()).toBe(true);
    await cursor.close();
    await expect(db.command({ getMore: id, collection: 'paged' })).rejects.toMatchObject({ code: 43 });
  });

  it('counts and lists distinct values', async () => {
    const col = db.collection('counted');
    await col.insertMany([
      { k: 'a', v: [1, 2] },
      { k: 'b', v: 2 },
      { k: 'a', v: 3 },
    ]);
    expect(await col.countDocuments()).toBe(3);
    expect(await col.countDocuments({ k: 'a' })).toBe(2);
    expect(await col.countDocuments({}, { skip: 1, limit: 1 })).toBe(1);
    expect(await col.estimatedDocumentCount()).toBe(3);
    expect((await col.distinct('k')).sort()).toEqual(['a', 'b']);
    expect((await col.distinct('v')).sort()).toEqual([1, 2, 3]);
    expect(await col.distinct('k', { v: 3 })).toEqual(['a']);
    expect(await db.collection('missing').countDocuments()).toBe(0);
  });

  it('deletes one and many', async () => {
    const col = db.collection('del');
    await col.insertMany([{ x: 1 }, { x: 1 }, { x: 2 }]);
    expect((await col.deleteOne({ x: 1 })).deletedCount).toBe(1);
    expect((await col.deleteMany({})).deletedCount).toBe(2);
    expect((await db.collection('nope').deleteMany({})).deletedCount).toBe(0);
  });

  it('runs bulkWrite with mixed operations', async () => {
    const col = db.collection<{ _id: number; v?: number; seen?: boolean }>('bulk');
    const res = await col.bulkWrite([
      { insertOne: { document: { _id: 1, v: 1 } } },
      { insertOne: { document: { _id: 2, v: 2 } } },
      { updateOne: { filter: { _id: 1 }, update: { $inc: { v: 10 } } } },
      { updateMany: { filter: {}, update: { $set: { seen: true } } } },
      { replaceOne: { filter: { _id: 2 }, replacement: { v: 20 } } },
      { updateOne: { filter: { _id: 3 }, update: { $set: { v: 3 } }, upsert: true } },
      { deleteOne: { filter: { _id: 2 } } },
    ]);
    expect(res.insertedCount).toBe(2);
    expect(res.matchedCount).toBe(4);
    expect(res.modifiedCount).toBe(4);
    expect(res.upsertedCount).toBe(1);
    expect(res.deletedCount).toBe(1);
    expect(await col.find().sort({ _id: 1 }).toArray()).toEqual([
      { _id: 1, v: 11, seen: true },
      { _id: 3, v: 3 },
    ]);
  });

  it('accepts w:0 writes (moreToCome) without a reply', async () => {
    const col = db.collection('w0');
    await col.insertOne({ a: 1 }, { writeConcern: { w: 0 } });
    await col.insertOne({ a: 2 });
    // Unacknowledged means no ordering guarantee against other connections: poll.
    const deadline = Date.now() + 2000;
    while ((await col.countDocuments()) < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(await col.countDocuments()).toBe(2);
  });

  it('refuses documents nested deeper than 100 levels, on insert and on update, and stores nothing', async () => {
    const col = db.collection('deep');
    const nest = (levels: number): Record<string, unknown> => (levels === 0 ? { leaf: 1 } : { d: nest(levels - 1) });
    await col.insertOne({ _id: 'ok', ...nest(50) } as never);
    await expect(col.insertOne({ _id: 'deep', ...nest(150) } as never)).rejects.toMatchObject({ code: 15 });
    await expect(col.updateOne({ _id: 'ok' } as never, { $set: { d: nest(150) } })).rejects.toMatchObject({ code: 15 });
    expect(await col.countDocuments()).toBe(1);
    expect(await col.findOne({ _id: 'ok' } as never)).toEqual({ _id: 'ok', ...nest(50) });
  });
});

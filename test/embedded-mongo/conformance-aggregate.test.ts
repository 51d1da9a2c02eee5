import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MongoClient, type Db } from 'mongodb';
import { testMongoUri, uniqueDbName } from '../support/mongo-uri.ts';

let client: MongoClient;
let db: Db;

beforeAll(async () => {
  client = new MongoClient(testMongoUri());
  await client.connect();
  db = client.db(uniqueDbName('agg'));
  await db.collection('orders').insertMany([
    { cust: 'a', total: 10, at: new Date('2024-01-01') },
    { cust: 'b', total: 5, at: new Date('2024-01-02') },
    { cust: 'a', total: 7, at: new Date('2024-01-03') },
    { cust: 'c', total: 1, at: new Date('2024-01-04') },
    { cust: 'b', total: 2, at: new Date('2024-01-05') },
  ]);
});

afterAll(async () => {
  await db.dropDatabase();
  await client.close();
});

describe('aggregation', () => {
  it('a $set / $addFields on a nested path does not change the stored document', async () => {
    const col = db.collection('nested');
    await col.insertOne({ _id: 'n1' as never, a: { b: 1 } });
    expect(await col.aggregate([{ $set: { 'a.c': 2 } }, { $addFields: { 'a.d': 3 } }]).toArray()).toEqual([{ _id: 'n1', a: { b: 1, c: 2, d: 3 } }]);
    expect(await col.findOne({ _id: 'n1' as never })).toEqual({ _id: 'n1', a: { b: 1 } });
  });

  it('$match, $group, $sort, $limit, $project', async () => {
    const out = await db
      .collection('orders')
      .aggregate([
        { $match: { at: { $gte: new Date('2024-01-02') } } },
        { $group: { _id: '$cust', sum: { $sum: '$total' }, n: { $sum: 1 } } },
        { $sort: { sum: -1 } },
        { $limit: 2 },
        { $project: { _id: 0, cust: '$_id', sum: 1, n: 1 } },
      ])
      .toArray();
    // a and b tie on 7; their relative order is unspecified, as in MongoDB.
    expect(out.map((d) => Object.keys(d).sort())).toEqual([
      ['cust', 'n', 'sum'],
      ['cust', 'n', 'sum'],
    ]);
    expect(out.map((d) => d.sum)).toEqual([7, 7]);
    expect(out.map((d) => d.cust).sort()).toEqual(['a', 'b']);
  });

  it('$count and countDocuments', async () => {
    expect(
      await db
        .collection('orders')
        .aggregate([{ $match: { cust: 'a' } }, { $count: 'n' }])
        .toArray(),
    ).toEqual([{ n: 2 }]);
    expect(await db.collection('orders').countDocuments({ total: { $gt: 4 } })).toBe(3);
  });

  it('returns large results through getMore with a small batch size', async () => {
    const col = db.collection('many');
    await col.insertMany(Array.from({ length: 25 }, (_, i) => ({ i })));
    const out = await col.aggregate([{ $sort: { i: -1 } }], { batchSize: 3 }).toArray();
    expect(out.map((d) => d.i)).toEqual(Array.from({ length: 25 }, (_, i) => 24 - i));
  });

  it('never modifies stored documents', async () => {
    const col = db.collection('orders');
    await col.aggregate([{ $set: { total: 0, extra: true } }, { $unset: 'cust' }, { $addFields: { x: 1 } }]).toArray();
    const docs = await col.find({}, { projection: { _id: 0, at: 0 } }).toArray();
    expect(docs.map((d) => Object.keys(d).sort())).toEqual(Array(5).fill(['cust', 'total']));
    expect(docs.map((d) => d.total)).toEqual([10, 5, 7, 1, 2]);
  });

  it('joins with $lookup and keeps _id first', async () => {
    await db.collection('customers').insertMany([
      { _id: 'a', name: 'Ann' },
      { _id: 'b', name: 'Bob' },
    ] as never[]);
    const out = await db
      .collection('orders')
      .aggregate([
        { $match: { cust: 'b' } },
        { $lookup: { from: 'customers', localField: 'cust', foreignField: '_id', as: 'c' } },
        { $project: { 'c.name': 1, total: 1 } },
        { $sort: { total: 1 } },
      ])
      .toArray();
    expect(out.map((d) => [d.total, d.c])).toEqual([
      [2, [{ name: 'Bob' }]],
      [5, [{ name: 'Bob' }]],
    ]);
    expect(Object.keys(out[0])[0]).toBe('_id');
  });

  it('aggregates over a missing collection as empty', async () => {
    expect(
      await db
        .collection('nothing')
        .aggregate([{ $match: {} }])
        .toArray(),
    ).toEqual([]);
  });
});

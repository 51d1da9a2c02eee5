import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testMongoUri, uniqueDbName } from '../../test/support/mongo-uri.ts';
import { connectStore, type StoreConnection } from './connection.ts';
import { insertNew } from './insert-new.ts';
import { tenantRecords, type Stored } from './tenant-records.ts';

interface Thing {
  id: string;
  orgId: string;
  name: string;
}

let store: StoreConnection;
beforeAll(async () => {
  store = await connectStore({ uri: testMongoUri(), dbName: uniqueDbName('tenant'), timeoutMs: 10_000 });
});
afterAll(() => store.close());

describe('tenantRecords', () => {
  it('stores id as _id and never reads across organizations', async () => {
    const coll = store.db.collection<Stored<Thing>>('things');
    const things = tenantRecords<Thing>(coll);
    await things.insert({ id: 'a1', orgId: 'org-a', name: 'first' });
    await things.insert({ id: 'b1', orgId: 'org-b', name: 'other' });
    expect(await coll.findOne({ _id: 'a1' })).toEqual({ _id: 'a1', orgId: 'org-a', name: 'first' });
    expect(await things.findById('org-a', 'a1')).toEqual({ id: 'a1', orgId: 'org-a', name: 'first' });
    expect(await things.findById('org-b', 'a1')).toBeNull();
    const page = await things.list('org-a', { limit: 10 });
    expect(page.items.map((t) => t.id)).toEqual(['a1']);
    // A caller's filter cannot widen the organization.
    const widened = await things.list('org-a', { limit: 10 }, { orgId: 'org-b' } as never);
    expect(widened.items.map((t) => t.id)).toEqual(['a1']);
  });
});

describe('insertNew', () => {
  it('inserts what is new, skips duplicate ids, and reports which were inserted', async () => {
    const coll = store.db.collection<{ _id: string; n: number }>('dups');
    await coll.insertOne({ _id: 'x', n: 0 });
    expect(
      await insertNew(coll, [
        { _id: 'w', n: 1 },
        { _id: 'x', n: 2 },
        { _id: 'y', n: 3 },
      ]),
    ).toEqual([true, false, true]);
    expect(await coll.findOne({ _id: 'x' })).toEqual({ _id: 'x', n: 0 });
    expect(await insertNew(coll, [])).toEqual([]);
  });

  it('throws errors other than duplicate keys', async () => {
    const coll = store.db.collection<{ _id: string; email: string }>('uniq');
    await coll.createIndex({ email: 1 }, { unique: true });
    await expect(
      insertNew(coll, [
        { _id: 'a', email: 'e' },
        { _id: 'a', email: 'f' },
      ]),
    ).resolves.toEqual([true, false]);
    await expect(insertNew(coll, [{ _id: 'c', email: 'x'.repeat(17 * 1024 * 1024) }])).rejects.toThrow();
  });
});

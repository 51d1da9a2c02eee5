import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIdGenerator } from '../domain/shared/ids.ts';
import { connectStore, type StoreConnection } from '../storage/connection.ts';
import { testMongoUri, uniqueDbName } from '../../test/support/mongo-uri.ts';
import { createEventsRepo } from './events-repo.ts';
import type { StagedEvent } from './outbox.ts';

let store: StoreConnection;
beforeAll(async () => {
  store = await connectStore({ uri: testMongoUri(), dbName: uniqueDbName('evrepo'), timeoutMs: 10_000 });
});
afterAll(() => store.close());

const ids = createIdGenerator();

describe('events repo', () => {
  it('answers concurrent "unfanned between" questions of many keys exactly, though they share reads', async () => {
    const events = createEventsRepo(store.db);
    const make = (orgId: string, orderingKey: string): StagedEvent => ({
      id: ids.uuid(),
      type: 'trigger.received',
      orgId,
      orderingKey,
      data: {},
      occurredAt: new Date(),
    });
    // Per key: e0, e1, e2, e3 in id order; e1 of key a and e2 of key b stay unfanned.
    const keys = ['a', 'b', 'c'];
    const byKey = new Map(keys.map((k) => [k, [0, 1, 2, 3].map(() => make('o1', k))]));
    const other = make('o2', 'a');
    const all = [...keys.flatMap((k) => byKey.get(k)!), other].sort((x, y) => (x.id < y.id ? -1 : 1));
    await events.insertMany(all, new Date());
    const a = byKey.get('a')!;
    const b = byKey.get('b')!;
    const c = byKey.get('c')!;
    await events.markFannedOut(
      all.filter((e) => e !== a[1] && e !== b[2] && e !== other).map((e) => e.id),
      new Date(),
    );
    const asks: [string, string, StagedEvent, StagedEvent, boolean][] = [
      ['o1', 'a', a[0], a[2], true],
      ['o1', 'a', a[1], a[3], false], // exclusive bounds
      ['o1', 'a', a[2], a[3], false],
      ['o1', 'b', b[0], b[3], true],
      ['o1', 'b', b[0], b[2], false],
      ['o1', 'c', c[0], c[3], false],
      ['o2', 'a', a[0], a[3], false], // another organization's event of the same key
      ['o1', 'a', other, a[3], a[1].id > other.id && a[1].id < a[3].id],
    ];
    const answers = await Promise.all(asks.map(([org, key, after, before]) => events.unfannedBetween(org, key, after.id, before.id)));
    expect(answers).toEqual(asks.map((q) => q[4]));
    await events.sequence.releaseAll();
  });
});

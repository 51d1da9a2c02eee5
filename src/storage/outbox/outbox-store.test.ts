import { MongoClient, type CommandStartedEvent } from 'mongodb';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../domain/shared/clock.ts';
import { createIdGenerator } from '../../domain/shared/ids.ts';
import type { StagedEvent } from '../../events/outbox.ts';
import { connectStore, type StoreConnection } from '../connection.ts';
import { testMongoUri, uniqueDbName } from '../../../test/support/mongo-uri.ts';
import { outboxCollection } from './outbox-collection.ts';
import { createOutboxStore } from './outbox-store.ts';

let store: StoreConnection;
beforeAll(async () => {
  store = await connectStore({ uri: testMongoUri(), dbName: uniqueDbName('outbox'), timeoutMs: 10_000 });
});
afterAll(() => store.close());

function newOutbox() {
  return createOutboxStore({ db: store.db, ids: createIdGenerator(), clock: systemClock, logger: pino({ level: 'silent' }) });
}

describe('outbox', () => {
  it('records an event staged with a change, once, even when relayed twice', async () => {
    const outbox = newOutbox();
    const seen: StagedEvent[] = [];
    outbox.onRecording((_batch, recorded) => void recorded.then((fresh) => seen.push(...fresh)));
    const runs = outboxCollection<{ _id: string; status: string }>({ db: store.db, outbox, name: 'runs_a' });
    const event = outbox.stage({ type: 'table.run.completed', orgId: 'o1', orderingKey: 'table_run:r1', data: { run_id: 'r1' } });
    await runs.docs.insertOne({ _id: 'r1', status: 'building' });
    await runs.updateOne({ _id: 'r1' }, { $set: { status: 'complete' } }, [event]);
    await runs.relay(['r1']);
    expect(seen.map((e) => e.id)).toEqual([event.id]);
    expect(await outbox.events.findById('o1', event.id)).toMatchObject({ type: 'table.run.completed', fannedOutAt: null });
    expect(await runs.docs.findOne({ _id: 'r1' })).toEqual({ _id: 'r1', status: 'complete', _outbox: [] });
  });

  it('relays events a crash left staged, and only those of collections opened through it', async () => {
    const before = newOutbox();
    const staged = before.stage({ type: 'table.run.completed', orgId: 'o1', orderingKey: 'table_run:r2', data: {} });
    await store.db.collection('runs_b').insertOne({ _id: 'r2', _outbox: [staged] } as never);
    // "Restart": a new outbox that never saw the write.
    const after = newOutbox();
    expect(await after.relayAll()).toBe(0);
    outboxCollection({ db: store.db, outbox: after, name: 'runs_b' });
    expect(await after.relayAll()).toBe(1);
    expect(await after.events.findById('o1', staged.id)).not.toBeNull();
    expect(await after.relayAll()).toBe(0);
  });

  it('finds staged documents through its own index and drains more than one batch', async () => {
    const outbox = newOutbox();
    const coll = outboxCollection<{ _id: string; n: number }>({ db: store.db, outbox, name: 'runs_c' });
    const docs = Array.from({ length: 1_200 }, (_, n) => ({ _id: `d${n}`, n }));
    await coll.docs.insertMany(docs);
    const staged = docs
      .filter((d) => d.n % 2 === 0)
      .map((d) => ({ ...d, ev: outbox.stage({ type: 'table.run.completed', orgId: 'o1', orderingKey: `r:${d._id}`, data: {} }) }));
    // Written without their relay, as a crash right after the writes would leave them.
    await coll.bulkUpdate(staged.map((d) => ({ filter: { _id: d._id }, update: { $set: { n: d.n } }, events: [d.ev] })));
    expect(await outbox.relayAll()).toBe(600);
    expect(await store.db.collection('runs_c').countDocuments({ '_outbox.id': { $gt: '' } })).toBe(0);
    expect((await coll.docs.listIndexes().toArray()).map((i) => i.name)).toContain('outbox_staged');
    expect(await outbox.relayAll()).toBe(0);
  });

  it('lets concurrent relays and records share their store round trips', async () => {
    // A client of its own, to count the commands the outbox sends.
    const client = new MongoClient(testMongoUri(), { monitorCommands: true });
    const commands: CommandStartedEvent[] = [];
    client.on('commandStarted', (c) => commands.push(c));
    await client.connect();
    try {
      const db = client.db(store.db.databaseName);
      const outbox = createOutboxStore({ db, ids: createIdGenerator(), clock: systemClock, logger: pino({ level: 'silent' }) });
      const coll = db.collection<{ _id: string; _outbox?: StagedEvent[] }>('runs_d');
      const docs = Array.from({ length: 100 }, (_, n) => ({
        _id: `g${n}`,
        _outbox: [outbox.stage({ type: 'table.run.completed', orgId: 'o1', orderingKey: `r:g${n}`, data: {} })],
      }));
      await coll.insertMany(docs);
      const source = outbox.source('runs_d');
      commands.length = 0;
      const recorded = await Promise.all([
        ...docs.map((d) => source.relayOne(d._id)),
        ...Array.from({ length: 50 }, () => outbox.record({ type: 'webhook.test', orgId: 'o1', orderingKey: 'endpoint:e9', data: {} })),
      ]);
      const inserts = commands.filter((c) => c.commandName === 'insert');
      // One insert for the relayed documents' events and one for the records, give or take a batch boundary.
      expect(inserts.length).toBeLessThanOrEqual(4);
      expect(
        await db
          .collection<{ _id: string }>('events')
          .countDocuments({ _id: { $in: [...docs.map((d) => d._outbox[0].id), ...recorded.slice(100).map((e) => (e as StagedEvent).id)] } }),
      ).toBe(150);
      expect(await coll.countDocuments({ '_outbox.id': { $gt: '' } })).toBe(0);
    } finally {
      await client.close();
    }
  });

  it('keeps organizations apart on read', async () => {
    const outbox = newOutbox();
    const event = await outbox.record({ type: 'webhook.test', orgId: 'o2', orderingKey: 'endpoint:e1', data: {} });
    expect(await outbox.events.findById('o3', event.id)).toBeNull();
    expect(await outbox.events.findById('o2', event.id)).not.toBeNull();
  });
});

import { MongoClient, type CommandStartedEvent, type Db } from 'mongodb';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../domain/shared/clock.ts';
import { createIdGenerator } from '../../domain/shared/ids.ts';
import type { StagedEvent } from '../../events/outbox.ts';
import { testMongoUri, uniqueDbName } from '../../../test/support/mongo-uri.ts';
import { createTableRunsRepo } from '../repositories/table-runs-repo.ts';
import { outboxCollection } from './outbox-collection.ts';
import { createOutboxStore } from './outbox-store.ts';

// A client of its own, to see the commands the collection sends.
let client: MongoClient;
let db: Db;
const commands: CommandStartedEvent[] = [];
beforeAll(async () => {
  client = new MongoClient(testMongoUri(), { monitorCommands: true, serverSelectionTimeoutMS: 10_000 });
  client.on('commandStarted', (c) => commands.push(c));
  await client.connect();
  db = client.db(uniqueDbName('outbox_collection'));
});
afterAll(() => client.close());

const newOutbox = () => createOutboxStore({ db, ids: createIdGenerator(), clock: systemClock, logger: pino({ level: 'silent' }) });
const draft = (key: string) => ({ type: 'table.run.completed' as const, orgId: 'o1', orderingKey: key, data: { key } });

describe('outboxCollection', () => {
  it('writes a change and its events in one single-document write, then relays them', async () => {
    const outbox = newOutbox();
    const runs = outboxCollection<{ _id: string; status: string }>({ db, outbox, name: 'oc_one_write' });
    await runs.docs.insertOne({ _id: 'r1', status: 'building' });
    const events = [outbox.stage(draft('a')), outbox.stage(draft('b'))];
    commands.length = 0;
    expect(await runs.updateOne({ _id: 'r1', status: 'building' }, { $set: { status: 'complete' } }, events)).toEqual({ matched: true, modified: true });
    const writes = commands.filter((c) => c.commandName === 'update' && c.command.update === 'oc_one_write');
    // The first write carries both the change and the events; the second pulls the relayed events off.
    expect(writes[0].command.updates).toEqual([
      expect.objectContaining({ u: { $set: { status: 'complete' }, $push: { _outbox: { $each: expect.any(Array) } } } }),
    ]);
    expect((writes[0].command.updates[0].u.$push._outbox.$each as StagedEvent[]).map((e) => e.id)).toEqual(events.map((e) => e.id));
    for (const e of events) expect(await outbox.events.findById('o1', e.id)).not.toBeNull();
  });

  it('stages and relays nothing when the conditional write does not apply', async () => {
    const outbox = newOutbox();
    const runs = outboxCollection<{ _id: string; status: string }>({ db, outbox, name: 'oc_lost' });
    await runs.docs.insertOne({ _id: 'r1', status: 'complete' });
    const event = outbox.stage(draft('lost'));
    expect(await runs.updateOne({ _id: 'r1', status: 'building' }, { $set: { status: 'failed' } }, [event])).toEqual({ matched: false, modified: false });
    expect(await outbox.events.findById('o1', event.id)).toBeNull();
    expect(await runs.docs.findOne({ _id: 'r1' })).toEqual({ _id: 'r1', status: 'complete' });
  });

  it('leaves a crash between the write and the relay to relayAll, with no registration by hand', async () => {
    const writer = newOutbox();
    const runs = outboxCollection<{ _id: string; n: number }>({ db, outbox: writer, name: 'oc_crash' });
    await runs.docs.insertOne({ _id: 'r1', n: 0 });
    const event = writer.stage(draft('crash'));
    // The write without its relay: what a crash right after the write leaves.
    await runs.bulkUpdate([{ filter: { _id: 'r1' }, update: { $set: { n: 1 } }, events: [event] }]);
    expect(await writer.events.findById('o1', event.id)).toBeNull();
    // The next process opens the collection as its repository does; its recovery relay finds the event.
    const restarted = newOutbox();
    outboxCollection({ db, outbox: restarted, name: 'oc_crash' });
    expect(await restarted.relayAll()).toBe(1);
    expect(await restarted.events.findById('o1', event.id)).toMatchObject({ type: 'table.run.completed', data: { key: 'crash' } });
    expect(await db.collection('oc_crash').countDocuments({ '_outbox.id': { $gt: '' } })).toBe(0);
  });

  it('never shows staged events in a read', async () => {
    const outbox = newOutbox();
    const runs = outboxCollection<{ _id: string; n: number }>({ db, outbox, name: 'oc_read' });
    await runs.docs.insertOne({ _id: 'r1', n: 0 });
    await runs.bulkUpdate([{ filter: { _id: 'r1' }, update: { $set: { n: 1 } }, events: [outbox.stage(draft('read'))] }]);
    const stored = await runs.docs.findOne({ _id: 'r1' });
    expect(stored).toHaveProperty('_outbox');
    expect(runs.read(stored as NonNullable<typeof stored>)).toEqual({ _id: 'r1', n: 1 });
    await runs.relay(['r1']);
    // Relayed, the field stays as an empty array on the document: still not part of a read.
    expect(runs.read((await runs.docs.findOne({ _id: 'r1' })) as NonNullable<typeof stored>)).toEqual({ _id: 'r1', n: 1 });
  });

  it("keeps staged events out of a repository's records", async () => {
    const outbox = newOutbox();
    const repo = createTableRunsRepo(db, { outbox });
    const run = { id: 'tr1', orgId: 'o1', tableId: 't1', status: 'processing' } as unknown as Parameters<typeof repo.insert>[0];
    await repo.insert(run);
    await db.collection('table_runs').updateOne({ _id: 'tr1' as never }, { $push: { _outbox: outbox.stage(draft('repo')) } } as never);
    expect(await repo.findById('o1', 'tr1')).not.toHaveProperty('_outbox');
    expect((await repo.listUnsettled(10)).find((r) => r.id === 'tr1')).not.toHaveProperty('_outbox');
  });

  it('merges the events into an update that already pushes to another array', async () => {
    const outbox = newOutbox();
    const runs = outboxCollection<{ _id: string; keys: string[] }>({ db, outbox, name: 'oc_push' });
    await runs.docs.insertOne({ _id: 'r1', keys: [] });
    const event = outbox.stage(draft('push'));
    await runs.updateOne({ _id: 'r1' }, { $push: { keys: 'k1' } }, [event]);
    expect(runs.read((await runs.docs.findOne({ _id: 'r1' }))!)).toEqual({ _id: 'r1', keys: ['k1'] });
    expect(await outbox.events.findById('o1', event.id)).not.toBeNull();
  });
});

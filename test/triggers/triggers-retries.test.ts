import { randomBytes, randomUUID } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../src/domain/shared/clock.ts';
import { createIdGenerator } from '../../src/domain/shared/ids.ts';
import { createOutboxStore } from '../../src/storage/outbox/outbox-store.ts';
import { connectStore, type StoreConnection } from '../../src/storage/connection.ts';
import { createSecretBox } from '../../src/storage/encryption/secret-box.ts';
import { ensureIndexes } from '../../src/storage/indexes.ts';
import { createTriggerEventsRepo, triggerEventIndexes } from '../../src/storage/repositories/trigger-events-repo.ts';
import { createTriggersRepo } from '../../src/storage/repositories/triggers-repo.ts';
import type { ReplyHandler, RowUpserter } from '../../src/triggers/actions.ts';
import { createTriggerProcessor, RetryableFailure } from '../../src/triggers/processor.ts';
import type { TriggerEventRecord, TriggerRecord } from '../../src/triggers/types.ts';
import { badRequest } from '../../src/domain/errors.ts';
import { testMongoUri, uniqueDbName } from '../support/mongo-uri.ts';

// The processor on the real repositories, with the other areas' services replaced by
// stand-ins of the small interfaces the trigger code owns, to make failures happen.

let store: StoreConnection;
beforeAll(async () => {
  store = await connectStore({ uri: testMongoUri(), dbName: uniqueDbName('trig'), timeoutMs: 10_000 });
  await ensureIndexes(store.db, [triggerEventIndexes]);
});
afterAll(async () => store?.close());

const clock = manualClock(new Date('2026-03-01T00:00:00Z'));
const ids = createIdGenerator({ clock });

async function setup(action: TriggerRecord['action'], rows: RowUpserter | null, replies: ReplyHandler | null = null) {
  const triggers = createTriggersRepo(store.db, { secrets: createSecretBox({ key: randomBytes(32) }) });
  const outbox = createOutboxStore({ db: store.db, ids, clock, logger: pino({ level: 'silent' }) });
  const events = createTriggerEventsRepo(store.db, { outbox });
  const orgId = randomUUID();
  const trigger: TriggerRecord = {
    id: ids.uuid(),
    orgId,
    name: 't',
    action,
    schema: null,
    tableId: randomUUID(),
    matchColumns: ['email'],
    mapping: null,
    verification: null,
    dedupPointer: null,
    rateLimitPerMinute: null,
    enabled: true,
    tokenNonce: '00',
    previousTokenNonce: null,
    previousTokenExpiresAt: null,
    createdAt: clock.now(),
    updatedAt: clock.now(),
  };
  await triggers.insert(trigger);
  const event: TriggerEventRecord = {
    id: ids.uuid(),
    orgId,
    triggerId: trigger.id,
    status: 'received',
    dedupKey: null,
    duplicateOf: null,
    contentType: 'application/json',
    headers: {},
    rawBody: Buffer.from('{"email":"a@example.org"}'),
    receivedAt: clock.now(),
    attempts: 0,
    lastError: null,
    leaseUntil: null,
    nextAttemptAt: clock.now(),
    processedAt: null,
    failedAt: null,
    failureReason: null,
    result: null,
    replayCount: 0,
  };
  expect(await events.insertAccepted(event, new Date(0))).toEqual({ inserted: true });
  const processor = createTriggerProcessor({
    triggers,
    triggerEvents: events,
    outbox,
    clock,
    logger: pino({ level: 'silent' }),
    rows,
    replies,
    retryDelaysMs: [1000, 2000],
  });
  return { processor, events, event, orgId, trigger };
}

describe('trigger event processing', () => {
  it('retries a transient failure and then succeeds, with one effect', async () => {
    let calls = 0;
    const keys: string[] = [];
    const rows: RowUpserter = {
      async upsertRows(_org, input) {
        calls += 1;
        keys.push(input.sourceKey);
        if (calls === 1) throw new Error('store timed out');
        return { ok: true };
      },
    };
    const { processor, events, event, orgId, trigger } = await setup('rows.upsert', rows);
    await expect(processor.processEvent(event.id)).rejects.toBeInstanceOf(RetryableFailure);
    let stored = await events.findById(orgId, trigger.id, event.id);
    expect(stored).toMatchObject({ status: 'received', attempts: 1, lastError: 'store timed out', leaseUntil: null });
    expect(stored!.nextAttemptAt!.getTime()).toBeGreaterThan(clock.now().getTime());
    await processor.processEvent(event.id);
    stored = await events.findById(orgId, trigger.id, event.id);
    expect(stored).toMatchObject({ status: 'processed', attempts: 2, result: { ok: true } });
    // Settled events are skipped, however often their job runs again.
    await processor.processEvent(event.id);
    expect(calls).toBe(2);
    expect(new Set(keys).size).toBe(1);
  });

  it('fails for good after the attempt budget, with the last reason', async () => {
    const rows: RowUpserter = { upsertRows: async () => Promise.reject(new Error('still down')) };
    const { processor, events, event, orgId, trigger } = await setup('rows.upsert', rows);
    await expect(processor.processEvent(event.id)).rejects.toThrow('still down');
    await expect(processor.processEvent(event.id)).rejects.toThrow('still down');
    await processor.processEvent(event.id);
    expect(await events.findById(orgId, trigger.id, event.id)).toMatchObject({ status: 'failed', attempts: 3, failureReason: 'still down' });
  });

  it.each([
    [
      'a client error from the action',
      'rows.upsert',
      { upsertRows: async () => Promise.reject(badRequest('UNKNOWN_COLUMN', 'no such column')) },
      null,
      'UNKNOWN_COLUMN: no such column',
    ],
    ['a missing upsert service', 'rows.upsert', null, null, 'row upserts are not available yet'],
    ['missing reply matching', 'sequence.reply', null, null, 'sequence replies are not available yet'],
    ['missing connection matching', 'sequence.connection.accepted', null, null, 'sequence replies are not available yet'],
    [
      'a reply without a sender address',
      'sequence.reply',
      null,
      { recordReply: async () => ({}), recordConnectionAccepted: async () => ({}) },
      'the reply has no "from" address',
    ],
  ] as const)('fails at once on %s, never silently succeeding', async (_label, action, rows, replies, reason) => {
    const { processor, events, event, orgId, trigger } = await setup(action, rows as RowUpserter | null, replies as ReplyHandler | null);
    await processor.processEvent(event.id);
    expect(await events.findById(orgId, trigger.id, event.id)).toMatchObject({ status: 'failed', attempts: 1, failureReason: reason });
  });

  it('lets only one of two concurrent workers run an event', async () => {
    let calls = 0;
    const rows: RowUpserter = {
      async upsertRows() {
        calls += 1;
        await new Promise((r) => setTimeout(r, 50));
        return {};
      },
    };
    const { processor, event } = await setup('rows.upsert', rows);
    await Promise.all([processor.processEvent(event.id), processor.processEvent(event.id), processor.processEvent(event.id)]);
    expect(calls).toBe(1);
  });
});

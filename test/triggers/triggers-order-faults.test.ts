import { randomBytes, randomUUID } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { badRequest } from '../../src/domain/errors.ts';
import { manualClock } from '../../src/domain/shared/clock.ts';
import { createIdGenerator } from '../../src/domain/shared/ids.ts';
import { createOutboxStore } from '../../src/storage/outbox/outbox-store.ts';
import { connectStore, type StoreConnection } from '../../src/storage/connection.ts';
import { ensureIndexes } from '../../src/storage/indexes.ts';
import { createTriggerEventsRepo, triggerEventIndexes } from '../../src/storage/repositories/trigger-events-repo.ts';
import { createTriggersRepo } from '../../src/storage/repositories/triggers-repo.ts';
import { createSecretBox } from '../../src/storage/encryption/secret-box.ts';
import type { RowUpserter } from '../../src/triggers/actions.ts';
import { createTriggerProcessor, RetryableFailure } from '../../src/triggers/processor.ts';
import type { TriggerEventRecord, TriggerRecord } from '../../src/triggers/types.ts';
import { testMongoUri, uniqueDbName } from '../support/mongo-uri.ts';

// Ordering under faults, on the real store: a claimed event whose process died, a
// retrying event, an event that fails for good, and a post whose ingest died before
// it was sequenced. The row upsert is a stand-in that records what ran, and can fail.

let store: StoreConnection;
beforeAll(async () => {
  store = await connectStore({ uri: testMongoUri(), dbName: uniqueDbName('trigord'), timeoutMs: 10_000 });
  await ensureIndexes(store.db, [triggerEventIndexes]);
});
afterAll(async () => store?.close());

const LEASE_MS = 30_000;
const clock = manualClock(new Date('2026-03-01T00:00:00Z'));
const ids = createIdGenerator({ clock });

async function setup(fail: (value: string, call: number) => Error | null = () => null) {
  const triggers = createTriggersRepo(store.db, { secrets: createSecretBox({ key: randomBytes(32) }) });
  const outbox = createOutboxStore({ db: store.db, ids, clock, logger: pino({ level: 'silent' }) });
  const events = createTriggerEventsRepo(store.db, { outbox });
  const orgId = randomUUID();
  const trigger: TriggerRecord = {
    id: ids.uuid(),
    orgId,
    name: 't',
    action: 'rows.upsert',
    schema: null,
    tableId: randomUUID(),
    matchColumns: ['key'],
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
  const applied: string[] = [];
  let calls = 0;
  const rows: RowUpserter = {
    async upsertRows(_org, input) {
      const value = String(input.rows[0].value);
      const err = fail(value, ++calls);
      if (err) throw err;
      applied.push(value);
      return {};
    },
  };
  const processor = createTriggerProcessor({
    triggers,
    triggerEvents: events,
    outbox,
    clock,
    logger: pino({ level: 'silent' }),
    rows,
    replies: null,
    retryDelaysMs: [1000, 1000],
    leaseMs: LEASE_MS,
  });
  /** Stores a post about row `key` as ingest does; sequenced unless `sequenced` is false. */
  async function post(key: string, value: string, sequenced = true): Promise<string> {
    const event: TriggerEventRecord = {
      id: ids.uuid(),
      orgId,
      triggerId: trigger.id,
      status: 'received',
      dedupKey: null,
      duplicateOf: null,
      contentType: 'application/json',
      headers: {},
      rawBody: Buffer.from(JSON.stringify({ key, value })),
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
      targetKey: `row:${key}`,
      targetKeys: null,
      seq: null,
    };
    await events.insertAccepted(event, new Date(0));
    if (sequenced) await events.assignSeq(orgId, event.id);
    return event.id;
  }
  const statusOf = async (id: string) => (await events.findById(orgId, trigger.id, id))!;
  return { processor, events, applied, post, statusOf };
}

describe('ordered trigger events under faults', () => {
  it('a claimed event whose process died holds its target until its lease ends, then runs first', async () => {
    const { processor, events, applied, post, statusOf } = await setup();
    const first = await post('a', 'a1');
    const second = await post('a', 'a2');
    const other = await post('b', 'b1');
    // A process claims the first post and dies.
    expect(await events.claim(first, clock.now(), new Date(clock.now().getTime() + LEASE_MS))).not.toBeNull();
    expect(await processor.processEvent(second)).toEqual({ next: [] });
    expect(await statusOf(second)).toMatchObject({ status: 'received', attempts: 0, leaseUntil: null });
    await processor.processEvent(other);
    expect(applied).toEqual(['b1']);
    // Before the lease ends nobody else may run it; after, the next attempt runs it and wakes the second.
    expect(await processor.processEvent(first)).toEqual({ next: [] });
    clock.advance(LEASE_MS + 1);
    expect(await processor.processEvent(first)).toEqual({ next: [second] });
    expect(await processor.processEvent(second)).toEqual({ next: [] });
    expect(applied).toEqual(['b1', 'a1', 'a2']);
    expect(await statusOf(second)).toMatchObject({ status: 'processed', attempts: 1 });
  });

  it('a retrying event holds only later events of its own target', async () => {
    const { processor, applied, post, statusOf } = await setup((value, call) => (value === 'a1' && call === 1 ? new Error('store timed out') : null));
    const first = await post('a', 'a1');
    const second = await post('a', 'a2');
    const other = await post('b', 'b1');
    await expect(processor.processEvent(first)).rejects.toBeInstanceOf(RetryableFailure);
    expect(await processor.processEvent(second)).toEqual({ next: [] });
    await processor.processEvent(other);
    expect(applied).toEqual(['b1']);
    expect(await processor.processEvent(first)).toEqual({ next: [second] });
    await processor.processEvent(second);
    expect(applied).toEqual(['b1', 'a1', 'a2']);
    expect(await statusOf(first)).toMatchObject({ status: 'processed', attempts: 2 });
  });

  it('an event that fails for good lets the next one of its target proceed', async () => {
    const { processor, applied, post, statusOf } = await setup((value) => (value === 'a1' ? badRequest('UNKNOWN_FIELDS', 'no such column') : null));
    const first = await post('a', 'a1');
    const second = await post('a', 'a2');
    const third = await post('a', 'a3');
    // Both later posts queue behind their nearest predecessor, not all behind the first.
    expect(await processor.processEvent(third)).toEqual({ next: [] });
    expect(await processor.processEvent(second)).toEqual({ next: [] });
    expect(await processor.processEvent(first)).toEqual({ next: [second] });
    expect(await statusOf(first)).toMatchObject({ status: 'failed', failureReason: 'UNKNOWN_FIELDS: no such column' });
    expect(await processor.processEvent(second)).toEqual({ next: [third] });
    await processor.processEvent(third);
    expect(applied).toEqual(['a2', 'a3']);
  });

  it('a post whose ingest died before sequencing is sequenced when recovered, after what was acknowledged', async () => {
    const { processor, events, applied, post, statusOf } = await setup();
    const orphan = await post('a', 'a0', false);
    const acked = await post('a', 'a1');
    // Unsequenced, it holds nobody up: the acknowledged post runs.
    await processor.processEvent(acked);
    await processor.processEvent(orphan);
    expect(applied).toEqual(['a1', 'a0']);
    expect((await statusOf(orphan)).seq).toBeGreaterThan((await statusOf(acked)).seq!);
    // A waiter is refused by an event that has settled, so it goes again itself.
    expect(await events.waitBehind(acked, orphan)).toBe(false);
  });
});

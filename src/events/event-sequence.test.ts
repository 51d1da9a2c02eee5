import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock, systemClock } from '../domain/shared/clock.ts';
import { createIdGenerator } from '../domain/shared/ids.ts';
import { connectStore, type StoreConnection } from '../storage/connection.ts';
import { testMongoUri, uniqueDbName } from '../../test/support/mongo-uri.ts';
import { createEventSequence, EVENT_SEQUENCE_GAPS_COLLECTION, EVENT_SEQUENCES_COLLECTION } from './event-sequence.ts';
import { createEventStreamHub, type StreamedEvent } from './event-stream-hub.ts';
import { createEventsRepo, type EventsRepo } from './events-repo.ts';
import type { StagedEvent } from './outbox.ts';

let store: StoreConnection;
beforeAll(async () => {
  store = await connectStore({ uri: testMongoUri(), dbName: uniqueDbName('evseq'), timeoutMs: 10_000 });
});
afterAll(() => store.close());

const ids = createIdGenerator();
const staged = (orgId: string): StagedEvent => ({
  id: ids.uuid(),
  type: 'trigger.received',
  orgId,
  orderingKey: `k:${ids.uuid()}`,
  data: {},
  occurredAt: new Date(),
});

async function until<T>(read: () => T | Promise<T>, ok: (v: T) => boolean, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`condition not met; last value ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function openHub(events: EventsRepo) {
  return createEventStreamHub({
    events,
    clock: systemClock,
    logger: pino({ level: 'silent' }),
    maxPerOrg: 5,
    heartbeatMs: 10_000,
    retentionMs: 86_400_000,
    pollIntervalMs: 20,
  });
}

async function subscribe(hub: ReturnType<typeof openHub>, orgId: string) {
  const got: StreamedEvent[] = [];
  const close = await hub.open(orgId, {}, { deliver: (e) => got.push(...e), end: () => undefined });
  return { got, close };
}

describe('event sequence', () => {
  it('hands out the numbers of one block from memory: one counter write for many reserves', async () => {
    const seq = createEventSequence(store.db, { blockSize: 50, holdMs: 60_000 });
    const firsts: number[] = [];
    for (let i = 0; i < 10; i++) firsts.push(await seq.reserve('org-a', 2));
    expect(firsts).toEqual([1, 3, 5, 7, 9, 11, 13, 15, 17, 19]);
    const counter = await store.db.collection(EVENT_SEQUENCES_COLLECTION).findOne({ _id: 'org-a' as never });
    expect(counter).toMatchObject({ seq: 50, blocks: [{ size: 50 }] });
    // A batch larger than what is left takes a block of its own, past the first.
    expect(await seq.reserve('org-a', 40)).toBe(51);
    expect(seq.heldHere('org-a', 21)).toBe(false);
    await seq.releaseAll();
  });

  it('gives back what a block did not use once its hold ends, so readers elsewhere pass it', async () => {
    const seq = createEventSequence(store.db, { blockSize: 100, holdMs: 30 });
    expect(await seq.reserve('org-b', 3)).toBe(1);
    expect(seq.heldHere('org-b', 4)).toBe(true);
    const marked = await until(
      () => seq.unusedBetween('org-b', 1, 100),
      (r) => r.length > 0,
    );
    expect(marked).toEqual([{ from: 4, to: 100 }]);
    expect(seq.heldHere('org-b', 4)).toBe(false);
    // The next reserve takes a new block rather than reusing numbers given back.
    expect(await seq.reserve('org-b', 1)).toBe(101);
    await seq.releaseAll();
  });

  it('a busy process gives a block back in the write that takes its next one (no write of its own)', async () => {
    const clock = manualClock(new Date());
    const seq = createEventSequence(store.db, { clock, blockSize: 10, holdMs: 60_000 });
    expect(await seq.reserve('org-d', 4)).toBe(1);
    clock.advance(60_000);
    expect(await seq.reserve('org-d', 1)).toBe(11);
    expect(seq.givenBackHere('org-d', 7)).toEqual({ from: 5, to: 10 });
    expect(await store.db.collection(EVENT_SEQUENCE_GAPS_COLLECTION).countDocuments({ orgId: 'org-d' })).toBe(0);
    expect(await seq.unusedBetween('org-d', 1, 20)).toEqual([{ from: 5, to: 10 }]);
    // Another process reads the same from the store.
    expect(await createEventSequence(store.db).unusedBetween('org-d', 6, 8)).toEqual([{ from: 5, to: 10 }]);
    await seq.releaseAll();
  });

  it('a stream opened while another process holds a block gets what that process records next, in number order', async () => {
    const orgId = 'org-c';
    // Two gateway processes on one store: A took a block before the stream opened.
    const a = createEventsRepo(store.db, { sequence: { holdMs: 400 } });
    const b = createEventsRepo(store.db, { sequence: { holdMs: 400 } });
    const early = staged(orgId);
    await a.insertMany([early], new Date());
    const hub = openHub(b);
    try {
      const stream = await subscribe(hub, orgId);
      // Recorded after the open: A numbers it from its block, below the counter's head.
      const fromA = staged(orgId);
      const fromB = staged(orgId);
      await b.insertMany([fromB], new Date());
      await a.insertMany([fromA], new Date());
      hub.wake();
      await until(
        () => stream.got.length,
        (n) => n >= 2,
      );
      expect(stream.got.map((e) => e.id)).toEqual([fromA.id, fromB.id]);
      expect(stream.got.map((e) => e.id)).not.toContain(early.id);
      // A's unused numbers were given back: the stream is not held for the hole wait.
      const later = staged(orgId);
      await b.insertMany([later], new Date());
      hub.wake();
      await until(
        () => stream.got.length,
        (n) => n >= 3,
        5_000,
      );
      expect(stream.got.at(-1)?.id).toBe(later.id);
      stream.close();
    } finally {
      await hub.close();
      await a.sequence.releaseAll();
      await b.sequence.releaseAll();
    }
  });
});

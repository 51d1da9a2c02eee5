import type { Db } from 'mongodb';
import type { Logger } from 'pino';
import { createBatcher } from '../../domain/shared/batcher.ts';
import type { Clock } from '../../domain/shared/clock.ts';
import type { IdGenerator } from '../../domain/shared/ids.ts';
import { createEventsRepo } from '../../events/events-repo.ts';
import { stageEvent, type Outbox, type RecordingListener, type StagedEvent } from '../../events/outbox.ts';

// Without multi-document transactions (a standalone server has none), an event is made
// durable together with the change that causes it by staging it on the changed
// document itself, in the same single-document write: `_outbox` holds it until the
// relay has copied it into `events`. A crash after the write leaves it staged and the
// start-up relay picks it up; the copy is keyed by event id, so relaying twice is
// harmless. Only this folder knows the field: repositories write through
// `outboxCollection` (outbox-collection.ts).

export const OUTBOX_FIELD = '_outbox';

// Every event id is a non-empty string, so this range selects exactly the documents
// with staged events, and (unlike $exists) it is served by a plain index on
// `_outbox.id` on MongoDB and on the embedded server alike: the relay never scans.
export const STAGED = { [`${OUTBOX_FIELD}.id`]: { $gt: '' } };
const RELAY_BATCH = 500;
const GROUP_MAX = 500;

/** The relay of one event-producing collection; only `outboxCollection` asks for one. */
export interface OutboxSource {
  /**
   * Moves a document's staged events into `events`; called right after the write.
   * Concurrent relays of one collection share their three store round trips.
   */
  relayOne(docId: string): Promise<void>;
  /** `relayOne` for many documents of the collection in three store round trips (bulk writers). */
  relayMany(docIds: string[]): Promise<void>;
}

export interface OutboxStore extends Outbox {
  /**
   * The relay of a collection, which from then on is part of `relayAll` (crash recovery):
   * the one way to relay is also the registration, so no collection can be forgotten.
   */
  source(collection: string): OutboxSource;
  /** Logs a relay that failed after its write was stored (the recovery relay moves those events). */
  reportRelayFailure(err: unknown, collection: string, docIds: string[]): void;
}

export function createOutboxStore(deps: { db: Db; ids: IdGenerator; clock: Clock; logger: Logger }): OutboxStore {
  const events = createEventsRepo(deps.db, { sequence: { clock: deps.clock } });
  const sources = new Map<string, OutboxSource>();
  const indexed = new Set<string>();
  const listeners: RecordingListener[] = [];

  async function publish(staged: StagedEvent[]): Promise<void> {
    const recorded = events.insertMany(staged, deps.clock.now());
    for (const listener of listeners) {
      try {
        listener(staged, recorded);
      } catch (err) {
        deps.logger.error({ err, events: staged.length }, 'event listener failed');
      }
    }
    await recorded;
  }

  async function relayMany(collection: string, docIds: string[]): Promise<void> {
    if (docIds.length === 0) return;
    const coll = deps.db.collection<{ _id: string; _outbox?: StagedEvent[] }>(collection);
    const docs = await coll.find({ _id: { $in: docIds }, ...STAGED }, { projection: { [OUTBOX_FIELD]: 1 } }).toArray();
    const staged = docs.flatMap((d) => d._outbox ?? []);
    if (staged.length === 0) return;
    await publish(staged);
    await coll.updateMany({ _id: { $in: docs.map((d) => d._id) } }, { $pull: { [OUTBOX_FIELD]: { id: { $in: staged.map((e) => e.id) } } } } as never);
  }

  function source(collection: string): OutboxSource {
    const known = sources.get(collection);
    if (known) return known;
    // Group commit: what arrives while a batch is written goes into the next one, so under
    // load (a sending sequence, a burst of triggers) many writers share the round trips,
    // and at rest nothing waits for a timer.
    const batcher = createBatcher<string, void>(async (ids) => {
      await relayMany(collection, ids);
      return ids.map(() => undefined);
    }, GROUP_MAX);
    const created: OutboxSource = { relayOne: (id) => batcher.add(id), relayMany: (ids) => relayMany(collection, ids) };
    sources.set(collection, created);
    return created;
  }

  async function relayCollection(collection: string): Promise<number> {
    const coll = deps.db.collection<{ _id: string }>(collection);
    if (!indexed.has(collection)) {
      await coll.createIndex({ [`${OUTBOX_FIELD}.id`]: 1 }, { name: 'outbox_staged' });
      indexed.add(collection);
    }
    let moved = 0;
    // Batches keep one pass bounded however much a crash left staged.
    for (;;) {
      const docs = await coll
        .find(STAGED, { projection: { _id: 1 } })
        .limit(RELAY_BATCH)
        .toArray();
      if (docs.length === 0) break;
      await relayMany(
        collection,
        docs.map((d) => d._id),
      );
      moved += docs.length;
      if (docs.length < RELAY_BATCH) break;
    }
    return moved;
  }

  const recorder = createBatcher<StagedEvent, void>(async (staged) => {
    await publish(staged);
    return staged.map(() => undefined);
  }, GROUP_MAX);

  return {
    events,
    stage: (draft) => stageEvent(draft, deps),
    source,
    reportRelayFailure: (err, collection, docIds) =>
      deps.logger.error({ err, collection, docIds }, 'relaying staged events failed; the recovery relay moves them'),
    async record(draft) {
      const staged = { id: deps.ids.uuid(), ...draft, occurredAt: draft.occurredAt ?? deps.clock.now() };
      await recorder.add(staged);
      return staged;
    },
    async relayAll() {
      let moved = 0;
      for (const collection of sources.keys()) moved += await relayCollection(collection);
      return moved;
    },
    onRecording: (listener) => void listeners.push(listener),
  };
}

import type { Db } from 'mongodb';
import type { Logger } from 'pino';
import { createBatcher } from '../domain/shared/batcher.ts';
import type { Clock } from '../domain/shared/clock.ts';
import type { IdGenerator } from '../domain/shared/ids.ts';
import type { EventType } from './event-types.ts';
import { createEventsRepo, type EventsRepo } from './events-repo.ts';

// Without multi-document transactions (a standalone server has none), an event is made
// durable together with the change that causes it by staging it on the changed
// document itself, in the same single-document write: `_outbox` holds it until the
// relay has copied it into `events`. A crash after the write leaves it staged and the
// start-up relay picks it up; the copy is keyed by event id, so relaying twice is
// harmless.

export interface EventDraft {
  type: EventType;
  orgId: string;
  /** Events with the same key are delivered in order (e.g. `sequence:<id>`, `table_run:<id>`). */
  orderingKey: string;
  /**
   * No delivery of this event waits for another one, nor another for it: the key only
   * names the event (e.g. one inbound post among many that need no order).
   */
  unordered?: true;
  data: Record<string, unknown>;
  occurredAt?: Date;
}

export interface StagedEvent {
  id: string;
  type: EventType;
  orgId: string;
  orderingKey: string;
  unordered?: true;
  data: Record<string, unknown>;
  occurredAt: Date;
}

export type RecordingListener = (batch: StagedEvent[], recorded: Promise<StagedEvent[]>) => void;

export const OUTBOX_FIELD = '_outbox';

// Every event id is a non-empty string, so this range selects exactly the documents
// with staged events, and (unlike $exists) it is served by a plain index on
// `_outbox.id` on MongoDB and on the embedded server alike: the relay never scans.
const STAGED = { [`${OUTBOX_FIELD}.id`]: { $gt: '' } };
const RELAY_BATCH = 500;
const GROUP_MAX = 500;

export interface Outbox {
  /** Gives the event its id and time; the caller stages it with `pushSpec` in its own update. */
  stage(draft: EventDraft): StagedEvent;
  /** The `$push` to merge into the caller's single-document update. */
  pushSpec(events: StagedEvent[]): { $push: Record<string, { $each: StagedEvent[] }> };
  /**
   * Moves a document's staged events into `events`; call it right after the write.
   * Concurrent flushes of one collection share their three store round trips.
   */
  flush(collection: string, docId: string): Promise<void>;
  /** `flush` for many documents of one collection in three store round trips (bulk senders). */
  flushMany(collection: string, docIds: string[]): Promise<void>;
  /** For events that change no stored document (webhook.test, trigger.received, …); concurrent records share one insert. */
  record(draft: EventDraft): Promise<StagedEvent>;
  /** Relays every staged event of every registered collection (start-up and periodic recovery). */
  relayAll(): Promise<number>;
  registerSource(collection: string): void;
  /**
   * Called as each batch of events is written to `events`, with the promise of those it
   * newly recorded (a repeated relay records nothing again): dispatch starts without
   * polling, and may start the reads that do not need the batch written meanwhile.
   */
  onRecording(listener: RecordingListener): void;
  events: EventsRepo;
}

export function createOutbox(deps: { db: Db; ids: IdGenerator; clock: Clock; logger: Logger }): Outbox {
  const events = createEventsRepo(deps.db, { sequence: { clock: deps.clock } });
  const sources = new Set<string>();
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

  async function flushMany(collection: string, docIds: string[]): Promise<void> {
    if (docIds.length === 0) return;
    const coll = deps.db.collection<{ _id: string; _outbox?: StagedEvent[] }>(collection);
    const docs = await coll.find({ _id: { $in: docIds }, ...STAGED }, { projection: { [OUTBOX_FIELD]: 1 } }).toArray();
    const staged = docs.flatMap((d) => d._outbox ?? []);
    if (staged.length === 0) return;
    await publish(staged);
    await coll.updateMany({ _id: { $in: docs.map((d) => d._id) } }, { $pull: { [OUTBOX_FIELD]: { id: { $in: staged.map((e) => e.id) } } } } as never);
  }

  // Group commit: what arrives while a batch is written goes into the next one, so under
  // load (a sending sequence, a burst of triggers) many writers share the round trips,
  // and at rest nothing waits for a timer.
  const flushers = new Map<string, ReturnType<typeof createBatcher<string, void>>>();
  function flush(collection: string, docId: string): Promise<void> {
    let batcher = flushers.get(collection);
    if (!batcher) {
      batcher = createBatcher<string, void>(async (ids) => {
        await flushMany(collection, ids);
        return ids.map(() => undefined);
      }, GROUP_MAX);
      flushers.set(collection, batcher);
    }
    return batcher.add(docId);
  }
  const recorder = createBatcher<StagedEvent, void>(async (staged) => {
    await publish(staged);
    return staged.map(() => undefined);
  }, GROUP_MAX);

  return {
    events,
    stage: (draft) => ({
      id: deps.ids.uuid(),
      type: draft.type,
      orgId: draft.orgId,
      orderingKey: draft.orderingKey,
      ...(draft.unordered ? { unordered: true as const } : {}),
      data: draft.data,
      occurredAt: draft.occurredAt ?? deps.clock.now(),
    }),
    pushSpec: (staged) => ({ $push: { [OUTBOX_FIELD]: { $each: staged } } }),
    flush,
    flushMany,
    async record(draft) {
      const staged = { id: deps.ids.uuid(), ...draft, occurredAt: draft.occurredAt ?? deps.clock.now() };
      await recorder.add(staged);
      return staged;
    },
    async relayAll() {
      let moved = 0;
      for (const collection of sources) {
        const coll = deps.db.collection<{ _id: string }>(collection);
        if (!indexed.has(collection)) {
          await coll.createIndex({ [`${OUTBOX_FIELD}.id`]: 1 }, { name: 'outbox_staged' });
          indexed.add(collection);
        }
        // Batches keep one pass bounded however much a crash left staged.
        for (;;) {
          const docs = await coll
            .find(STAGED, { projection: { _id: 1 } })
            .limit(RELAY_BATCH)
            .toArray();
          if (docs.length === 0) break;
          await flushMany(
            collection,
            docs.map((d) => d._id),
          );
          moved += docs.length;
          if (docs.length < RELAY_BATCH) break;
        }
      }
      return moved;
    },
    registerSource: (collection) => void sources.add(collection),
    onRecording: (listener) => void listeners.push(listener),
  };
}

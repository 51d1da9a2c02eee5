import type { AnyBulkWriteOperation, Collection, Db, Document, Filter, FindOneAndUpdateOptions, UpdateFilter, WithId } from 'mongodb';
import type { StagedEvent } from '../../events/outbox.ts';
import { OUTBOX_FIELD, type OutboxStore } from './outbox-store.ts';

export interface OutboxCollectionOptions {
  db: Db;
  outbox: OutboxStore;
  name: string;
  /**
   * What a failed relay after an applied write does: `throw` (the default) fails the
   * write's caller like any store error; `log` reports it and lets the caller go on, for
   * writers that must not fail once the change is stored. Either way the events are
   * durable on the document and the recovery relay moves them.
   */
  relayFailures?: 'throw' | 'log';
}

/** One conditional single-document update of a bulk write, with the events it stages. */
export interface StagingWrite<D> {
  filter: Filter<D> & { _id: string };
  update: UpdateFilter<D>;
  events: StagedEvent[];
}

export interface OutboxCollection<D extends { _id: string }> {
  readonly name: string;
  /** The driver's collection, for writes that stage nothing and for reads (map each document through `read`). */
  readonly docs: Collection<D>;
  /** A stored document without its staged events: every read of the collection goes through it. */
  read<T extends Document>(doc: T): T;
  /** One single-document update that stages `events` with its change; when it changed the document, they are relayed before it resolves. */
  updateOne(filter: Filter<D> & { _id: string }, update: UpdateFilter<D>, events: StagedEvent[]): Promise<{ matched: boolean; modified: boolean }>;
  /** `updateOne` that returns the document as `options` ask (null when none matched); the events are relayed when one matched. */
  findOneAndUpdate(
    filter: Filter<D> & { _id: string },
    update: UpdateFilter<D>,
    events: StagedEvent[],
    options: FindOneAndUpdateOptions,
  ): Promise<WithId<D> | null>;
  /** Many such updates in one round trip (unordered); relaying is left to the caller (`relay`), which knows which applied. */
  bulkUpdate(writes: StagingWrite<D>[]): Promise<void>;
  /** Relays what is staged on these documents (documents with nothing staged cost nothing more). */
  relay(ids: string[]): Promise<void>;
}

function withEvents<D>(update: UpdateFilter<D>, events: StagedEvent[]): UpdateFilter<D> {
  if (events.length === 0) return update;
  const push = (update as { $push?: Record<string, unknown> }).$push ?? {};
  return { ...update, $push: { ...push, [OUTBOX_FIELD]: { $each: events } } } as unknown as UpdateFilter<D>;
}

/**
 * An event-producing collection: a change and the events it causes are one
 * single-document write, relayed into `events` right after it. Creating it registers the
 * collection for the recovery relay, so a crash between the write and the relay loses
 * nothing, and no collection can be left out of recovery by forgetting a registration.
 */
export function outboxCollection<D extends { _id: string }>(opts: OutboxCollectionOptions): OutboxCollection<D> {
  const docs = opts.db.collection<D>(opts.name);
  const source = opts.outbox.source(opts.name);
  async function relayed(ids: string[], run: Promise<void>): Promise<void> {
    if (opts.relayFailures !== 'log') return run;
    await run.catch((err: unknown) => opts.outbox.reportRelayFailure(err, opts.name, ids));
  }
  return {
    name: opts.name,
    docs,
    read<T extends Document>(doc: T): T {
      if (!(OUTBOX_FIELD in doc)) return doc;
      const { [OUTBOX_FIELD]: _staged, ...rest } = doc;
      return rest as T;
    },
    async updateOne(filter, update, events) {
      const res = await docs.updateOne(filter, withEvents(update, events));
      const modified = res.modifiedCount === 1;
      if (modified && events.length > 0) await relayed([filter._id], source.relayOne(filter._id));
      return { matched: res.matchedCount === 1, modified };
    },
    async findOneAndUpdate(filter, update, events, options) {
      const doc = await docs.findOneAndUpdate(filter, withEvents(update, events), options);
      if (doc && events.length > 0) await relayed([filter._id], source.relayOne(filter._id));
      return doc;
    },
    async bulkUpdate(writes) {
      if (writes.length === 0) return;
      const ops = writes.map((w) => ({ updateOne: { filter: w.filter, update: withEvents(w.update, w.events) } })) as AnyBulkWriteOperation<D>[];
      await docs.bulkWrite(ops, { ordered: false });
    },
    relay: (ids) => relayed(ids, source.relayMany(ids)),
  };
}

import type { Db, Filter } from 'mongodb';
import { createBatcher } from '../domain/shared/batcher.ts';
import { insertNew } from '../storage/insert-new.ts';
import { findPage, type Page, type PageRequest } from '../storage/pagination.ts';
import type { CollectionIndexes } from '../storage/indexes.ts';
import type { StagedEvent } from './outbox.ts';
import { createEventSequence, type EventSequence, type EventSequenceOptions } from './event-sequence.ts';

export const EVENTS_COLLECTION = 'events';

export interface EventDoc {
  _id: string;
  type: StagedEvent['type'];
  orgId: string;
  orderingKey: string;
  data: Record<string, unknown>;
  occurredAt: Date;
  recordedAt: Date;
  /** Set once deliveries have been created for every subscribed endpoint. */
  fannedOutAt: Date | null;
  /**
   * The ordering key while the event is not fanned out, removed once it is: a null
   * equality cannot be planned on an index beside other conditions (and matches missing
   * fields too), so unfanned events are found through this field's index instead.
   */
  unfanned?: string;
  /** Deliveries of this event wait for no other event (see EventDraft.unordered). */
  unordered?: true;
  /** The organization's stream position (see event-sequence.ts); absent on events recorded before it existed. */
  seq?: number;
}

export const eventIndexes: CollectionIndexes = {
  collection: EVENTS_COLLECTION,
  indexes: [
    { key: { fannedOutAt: 1, _id: 1 }, name: 'fanout_pending' },
    // Only unfanned events have the field: equality on a key plus an _id range reads just
    // those of the key, and a range on the field all of them (the sweep).
    { key: { unfanned: 1, _id: 1 }, name: 'unfanned_key' },
    { key: { orgId: 1, _id: -1 }, name: 'org_recent' },
    { key: { orderingKey: 1, _id: 1 }, name: 'ordering_key' },
    { key: { orgId: 1, seq: 1 }, name: 'org_seq' },
  ],
};

/** What the events API may narrow a listing by; every bound is exclusive. */
export interface EventQuery {
  types?: readonly string[];
  orderingKey?: string;
  occurredAfter?: Date;
  occurredBefore?: Date;
  /** Events recorded before this are past retention (the TTL monitor may not have run yet). */
  recordedSince: Date;
}

const RETENTION_INDEX = 'retention_ttl';

/**
 * The TTL index depends on configuration, so it is not in `eventIndexes`: at boot it is
 * created, or dropped and re-created when the retention changed (an index's options
 * cannot be changed by creating it again).
 */
export async function ensureEventRetention(db: Db, retentionSeconds: number): Promise<void> {
  const coll = db.collection(EVENTS_COLLECTION);
  const existing = await coll.indexes().catch(() => []);
  const current = existing.find((i) => i.name === RETENTION_INDEX);
  if (current && current.expireAfterSeconds === retentionSeconds) return;
  if (current) await coll.dropIndex(RETENTION_INDEX);
  await coll.createIndex({ recordedAt: 1 }, { name: RETENTION_INDEX, expireAfterSeconds: retentionSeconds });
}

export const toStagedEvent = (doc: EventDoc): StagedEvent => ({
  id: doc._id,
  type: doc.type,
  orgId: doc.orgId,
  orderingKey: doc.orderingKey,
  data: doc.data,
  occurredAt: doc.occurredAt,
  ...(doc.unordered ? { unordered: true as const } : {}),
});

// Ordering keys are non-empty strings, so this range selects every unfanned event.
const UNFANNED = { unfanned: { $gt: '' } };

/** Takes each organization's stream numbers for a batch, in the batch's order. */
async function numberEvents(sequence: EventSequence, events: StagedEvent[]): Promise<number[]> {
  const byOrg = new Map<string, number[]>();
  events.forEach((e, i) => byOrg.set(e.orgId, [...(byOrg.get(e.orgId) ?? []), i]));
  const seqs = new Array<number>(events.length);
  await Promise.all(
    [...byOrg].map(async ([orgId, indexes]) => {
      const first = await sequence.reserve(orgId, indexes.length);
      indexes.forEach((index, k) => (seqs[index] = first + k));
    }),
  );
  return seqs;
}

interface BetweenQuery {
  orgId: string;
  orderingKey: string;
  afterId: string;
  beforeId: string;
}

// How many "between" questions one read answers at most.
const BETWEEN_BATCH = 64;

export function createEventsRepo(db: Db, opts: { sequence?: EventSequenceOptions } = {}) {
  const coll = db.collection<EventDoc>(EVENTS_COLLECTION);
  const sequence = createEventSequence(db, opts.sequence);
  // Chains of many keys each ask, as a delivery is sent, whether an event of its key
  // between two others awaits fan-out: the questions asked meanwhile share one read of
  // the unfanned events of their keys (a superset, narrowed here per question).
  const between = createBatcher<BetweenQuery, boolean>(
    async (qs) => {
      const keys = [...new Set(qs.map((q) => q.orderingKey))];
      const after = qs.reduce((m, q) => (q.afterId < m ? q.afterId : m), qs[0].afterId);
      const before = qs.reduce((m, q) => (q.beforeId > m ? q.beforeId : m), qs[0].beforeId);
      const docs = await coll
        .find({ unfanned: keys.length === 1 ? keys[0] : { $in: keys }, _id: { $gt: after, $lt: before } }, { projection: { _id: 1, orgId: 1, unfanned: 1 } })
        .toArray();
      return qs.map((q) => docs.some((d) => d.unfanned === q.orderingKey && d.orgId === q.orgId && d._id > q.afterId && d._id < q.beforeId));
    },
    BETWEEN_BATCH,
    { concurrency: 2 },
  );
  return {
    /** Inserts the events not yet recorded and returns exactly those (relaying twice is harmless). */
    async insertMany(events: StagedEvent[], recordedAt: Date): Promise<StagedEvent[]> {
      if (events.length === 0) return [];
      const seqs = await numberEvents(sequence, events);
      const docs: EventDoc[] = events.map((e, i) => ({
        _id: e.id,
        type: e.type,
        orgId: e.orgId,
        orderingKey: e.orderingKey,
        data: e.data,
        occurredAt: e.occurredAt,
        recordedAt,
        fannedOutAt: null,
        unfanned: e.orderingKey,
        ...(e.unordered ? { unordered: true as const } : {}),
        seq: seqs[i],
      }));
      const inserted = await insertNew(coll, docs);
      // An event recorded already keeps its first number: its new one must not hold streams back.
      const unused = docs.filter((_, i) => !inserted[i]);
      await Promise.all(
        [...new Set(unused.map((d) => d.orgId))].map((orgId) =>
          sequence.markUnused(
            orgId,
            unused.filter((d) => d.orgId === orgId).map((d) => d.seq as number),
            recordedAt,
          ),
        ),
      );
      return events.filter((_, i) => inserted[i]);
    },
    findById: (orgId: string, id: string) => coll.findOne({ _id: id, orgId }),
    /** One retained event of the organization, or null. */
    findRetained: async (orgId: string, id: string, recordedSince: Date): Promise<StagedEvent | null> => {
      const doc = await coll.findOne({ _id: id, orgId, recordedAt: { $gte: recordedSince } });
      return doc ? toStagedEvent(doc) : null;
    },
    /** Newest first by id (UUIDv7), so a cursor stays put while events are added. */
    async list(orgId: string, q: EventQuery, page: PageRequest): Promise<Page<StagedEvent>> {
      const filter: Filter<EventDoc> = { orgId, recordedAt: { $gte: q.recordedSince } };
      if (q.types) filter.type = { $in: [...q.types] as EventDoc['type'][] };
      if (q.orderingKey !== undefined) filter.orderingKey = q.orderingKey;
      if (q.occurredAfter || q.occurredBefore) {
        filter.occurredAt = { ...(q.occurredAfter && { $gt: q.occurredAfter }), ...(q.occurredBefore && { $lt: q.occurredBefore }) };
      }
      const found = await findPage(coll, filter, { ...page, order: 'desc' });
      return { items: found.items.map(toStagedEvent), nextCursor: found.nextCursor };
    },
    /** Events whose deliveries are not created yet, oldest first; `ids` bounds the id range. */
    async pendingFanout(limit: number, ids?: { from: string; before: string }): Promise<StagedEvent[]> {
      const window = ids ? { _id: { $gte: ids.from, $lt: ids.before } } : {};
      const docs = await coll
        .find({ ...UNFANNED, ...window })
        .sort({ _id: 1 })
        .limit(limit)
        .toArray();
      return docs.map(toStagedEvent);
    },
    /**
     * Events recorded before the unfanned field existed and not fanned out: gives them the
     * field so the queries above see them. Scans once, at start-up.
     */
    async adoptLegacyUnfanned(): Promise<number> {
      const docs = await coll.find({ fannedOutAt: null, unfanned: { $exists: false } }, { projection: { _id: 1, orderingKey: 1 } }).toArray();
      if (docs.length === 0) return 0;
      await coll.bulkWrite(
        docs.map((d) => ({ updateOne: { filter: { _id: d._id, fannedOutAt: null }, update: { $set: { unfanned: d.orderingKey } } } })),
        { ordered: false },
      );
      return docs.length;
    },
    /**
     * Events of these resources recorded before `beforeId` whose deliveries do not exist
     * yet (another process is fanning them out, or crashed before it could): a later event
     * of the same resource must wait for them.
     */
    async earlierUnfanned(orgId: string, orderingKeys: string[], beforeId: string, exclude: string[] = []) {
      if (orderingKeys.length === 0) return [];
      const key = orderingKeys.length === 1 ? orderingKeys[0] : { $in: orderingKeys };
      const docs = await coll.find({ unfanned: key, _id: { $lt: beforeId } }, { projection: { _id: 1, orgId: 1, type: 1, orderingKey: 1 } }).toArray();
      const skip = new Set(exclude);
      return docs.filter((d) => d.orgId === orgId && !skip.has(d._id));
    },
    /** Whether an event of the key recorded between two events (exclusive) is not fanned out yet. */
    unfannedBetween: (orgId: string, orderingKey: string, afterId: string, beforeId: string): Promise<boolean> =>
      between.add({ orgId, orderingKey, afterId, beforeId }),
    /** The organization's events numbered after `afterSeq`, in stream order (the org_seq index). */
    afterSeq: (orgId: string, afterSeq: number, limit: number) =>
      coll
        .find({ orgId, seq: { $gt: afterSeq } })
        .sort({ seq: 1 })
        .limit(limit)
        .toArray() as Promise<(EventDoc & { seq: number })[]>,
    sequence,
    markFannedOut: (ids: string[], at: Date) => coll.updateMany({ _id: { $in: ids } }, { $set: { fannedOutAt: at }, $unset: { unfanned: '' } }),
    collection: coll,
  };
}

export type EventsRepo = ReturnType<typeof createEventsRepo>;

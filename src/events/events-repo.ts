import type { Db } from 'mongodb';
import { insertNew } from '../storage/insert-new.ts';
import type { CollectionIndexes } from '../storage/indexes.ts';
import type { StagedEvent } from './outbox.ts';

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
  ],
};

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

export function createEventsRepo(db: Db) {
  const coll = db.collection<EventDoc>(EVENTS_COLLECTION);
  return {
    /** Inserts the events not yet recorded and returns exactly those (relaying twice is harmless). */
    async insertMany(events: StagedEvent[], recordedAt: Date): Promise<StagedEvent[]> {
      if (events.length === 0) return [];
      const docs: EventDoc[] = events.map((e) => ({
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
      }));
      const inserted = await insertNew(coll, docs);
      return events.filter((_, i) => inserted[i]);
    },
    findById: (orgId: string, id: string) => coll.findOne({ _id: id, orgId }),
    /** Events whose deliveries are not created yet, oldest first; `ids` bounds the id range. */
    async pendingFanout(limit: number, ids?: { from: string; before: string }): Promise<StagedEvent[]> {
      const window = ids ? { _id: { $gte: ids.from, $lt: ids.before } } : {};
      const docs = await coll.find({ ...UNFANNED, ...window }).sort({ _id: 1 }).limit(limit).toArray();
      return docs.map(toStagedEvent);
    },
    /**
     * Events recorded before the unfanned field existed and not fanned out: gives them the
     * field so the queries above see them. Scans once, at start-up.
     */
    async adoptLegacyUnfanned(): Promise<number> {
      const docs = await coll.find({ fannedOutAt: null, unfanned: { $exists: false } }, { projection: { _id: 1, orderingKey: 1 } }).toArray();
      if (docs.length === 0) return 0;
      await coll.bulkWrite(docs.map((d) => ({ updateOne: { filter: { _id: d._id, fannedOutAt: null }, update: { $set: { unfanned: d.orderingKey } } } })), { ordered: false });
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
    async unfannedBetween(orgId: string, orderingKey: string, afterId: string, beforeId: string): Promise<boolean> {
      const docs = await coll.find({ unfanned: orderingKey, _id: { $gt: afterId, $lt: beforeId } }, { projection: { _id: 1, orgId: 1 } }).toArray();
      return docs.some((d) => d.orgId === orgId);
    },
    markFannedOut: (ids: string[], at: Date) => coll.updateMany({ _id: { $in: ids } }, { $set: { fannedOutAt: at }, $unset: { unfanned: '' } }),
    collection: coll,
  };
}

export type EventsRepo = ReturnType<typeof createEventsRepo>;

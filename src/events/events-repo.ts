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
}

export const eventIndexes: CollectionIndexes = {
  collection: EVENTS_COLLECTION,
  indexes: [
    { key: { fannedOutAt: 1, _id: 1 }, name: 'fanout_pending' },
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
});

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
      }));
      const inserted = await insertNew(coll, docs);
      return events.filter((_, i) => inserted[i]);
    },
    findById: (orgId: string, id: string) => coll.findOne({ _id: id, orgId }),
    /** Events whose deliveries are not created yet, oldest first; `ids` bounds the id range. */
    async pendingFanout(limit: number, ids?: { from: string; before: string }): Promise<StagedEvent[]> {
      const window = ids ? { _id: { $gte: ids.from, $lt: ids.before } } : {};
      const docs = await coll.find({ fannedOutAt: null, ...window }).sort({ _id: 1 }).limit(limit).toArray();
      return docs.map(toStagedEvent);
    },
    /**
     * Events of these resources recorded before `beforeId` whose deliveries do not exist
     * yet (another process is fanning them out, or crashed before it could): a later event
     * of the same resource must wait for them.
     */
    async earlierUnfanned(orgId: string, orderingKeys: string[], beforeId: string, exclude: string[] = []) {
      if (orderingKeys.length === 0) return [];
      const docs = await coll
        .find({ orderingKey: { $in: orderingKeys }, _id: { $lt: beforeId }, fannedOutAt: null }, { projection: { _id: 1, orgId: 1, type: 1, orderingKey: 1 } })
        .toArray();
      const skip = new Set(exclude);
      return docs.filter((d) => d.orgId === orgId && !skip.has(d._id));
    },
    markFannedOut: (ids: string[], at: Date) => coll.updateMany({ _id: { $in: ids } }, { $set: { fannedOutAt: at } }),
    collection: coll,
  };
}

export type EventsRepo = ReturnType<typeof createEventsRepo>;

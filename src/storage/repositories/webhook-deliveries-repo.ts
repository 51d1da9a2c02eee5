import type { Db, Filter } from 'mongodb';
import { insertNew } from '../insert-new.ts';
import type { DeliveryFilter, DeliveryRecord, DeliveryStore } from '../../domain/webhooks/types.ts';
import type { CollectionIndexes } from '../indexes.ts';
import { findPage } from '../pagination.ts';
import { createDeliveryBatches } from './webhook-delivery-batches.ts';

const COLLECTION = 'webhook_deliveries';

type DeliveryDoc = Omit<DeliveryRecord, 'id'> & { _id: string };

export const webhookDeliveryIndexes: CollectionIndexes = {
  collection: COLLECTION,
  indexes: [
    // One delivery per (event, endpoint), however many processes fan the event out.
    { key: { endpointId: 1, eventId: 1 }, name: 'endpoint_event_unique', unique: true },
    { key: { orgId: 1, _id: -1 }, name: 'org_recent' },
    { key: { orgId: 1, endpointId: 1, _id: -1 }, name: 'org_endpoint_recent' },
    // The delivery list's other filters; a time window bounds `_id` (UUIDv7) in each.
    { key: { orgId: 1, eventType: 1, _id: -1 }, name: 'org_event_type_recent' },
    { key: { orgId: 1, status: 1, _id: -1 }, name: 'org_status_recent' },
    // The deliveries of one event (the console's event page): one per endpoint at most.
    { key: { orgId: 1, eventId: 1, _id: -1 }, name: 'org_event_recent' },
    // Equality fields first: the embedded server plans on the longest equality prefix.
    { key: { orderingKey: 1, status: 1, endpointId: 1, eventId: 1 }, name: 'ordering_key' },
    { key: { status: 1, nextAttemptAt: 1 }, name: 'status_next_attempt' },
    // The sweep's stale waiters: an equality on `waiting` and a range on the time, so it
    // reads waiters only, not every pending delivery.
    { key: { waiting: 1, updatedAt: 1 }, name: 'waiting_since' },
    { key: { expiresAt: 1 }, name: 'retention_ttl', expireAfterSeconds: 0 },
  ],
};

const fromDoc = ({ _id, ...rest }: DeliveryDoc): DeliveryRecord => ({ id: _id, ...rest });
const toDoc = ({ id, ...rest }: DeliveryRecord): DeliveryDoc => ({ _id: id, ...rest });
const leaseFree = (now: Date) => ({ $or: [{ leaseUntil: null }, { leaseUntil: { $lte: now } }] });
const withoutId = <T extends { id?: unknown }>({ id: _ignored, ...rest }: T) => rest;

/** The smallest UUIDv7 of a millisecond: ids made at or after `ms` sort at or above it. */
const uuidFloor = (ms: number) => {
  const hex = Math.max(0, ms).toString(16).padStart(12, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-0000-0000-000000000000`;
};
// A delivery's id is made just after its createdAt is read: allow for that in the _id bound.
const ID_CLOCK_SLACK_MS = 60_000;

/**
 * A createdAt window as an exact createdAt condition plus an `_id` range (ids are
 * UUIDv7), so the list's indexes (all ending in `_id`) bound the window instead of scanning.
 */
function createdWindow(filter: DeliveryFilter): Filter<DeliveryDoc> {
  const createdAt: { $gt?: Date; $lt?: Date } = {};
  const id: { $gte?: string; $lt?: string } = {};
  if (filter.createdAfter) {
    createdAt.$gt = filter.createdAfter;
    id.$gte = uuidFloor(filter.createdAfter.getTime());
  }
  if (filter.createdBefore) {
    createdAt.$lt = filter.createdBefore;
    id.$lt = uuidFloor(filter.createdBefore.getTime() + ID_CLOCK_SLACK_MS);
  }
  return Object.keys(createdAt).length > 0 ? ({ createdAt, _id: id } as Filter<DeliveryDoc>) : {};
}

export function createWebhookDeliveriesRepo(db: Db): DeliveryStore {
  const coll = db.collection<DeliveryDoc>(COLLECTION);
  const batches = createDeliveryBatches(coll);
  return {
    async insertMany(records) {
      if (records.length === 0) return [];
      const inserted = await insertNew(coll, records.map(toDoc));
      return records.filter((_, i) => inserted[i]);
    },
    async findById(orgId, id) {
      const doc = await coll.findOne({ _id: id, orgId });
      return doc ? fromDoc(doc) : null;
    },
    async findByEvent(orgId, endpointId, eventId) {
      const doc = await coll.findOne({ orgId, endpointId, eventId });
      return doc ? fromDoc(doc) : null;
    },
    async list(orgId, filter, page) {
      const query: Filter<DeliveryDoc> = { orgId };
      if (filter.endpointId) query.endpointId = filter.endpointId;
      if (filter.eventId) query.eventId = filter.eventId;
      if (filter.eventType) query.eventType = filter.eventType as DeliveryDoc['eventType'];
      if (filter.status) query.status = filter.status;
      Object.assign(query, createdWindow(filter));
      const result = await findPage(coll, query, { ...page, order: 'desc' });
      return { items: result.items.map(fromDoc), nextCursor: result.nextCursor };
    },
    async edge(orgId, endpointId, orderingKey, opts = {}) {
      // Equalities on the ordering_key index's prefix and its eventId for the order: the
      // index yields entries in order and the read stops at the first match.
      const query: Filter<DeliveryDoc> = { orderingKey, status: 'pending', endpointId, orgId };
      if (opts.after) query.eventId = { $gt: opts.after };
      if (opts.waitingOnly) query.waiting = 'predecessor';
      const doc = await coll
        .find(query, { projection: { orgId: 1, endpointId: 1, orderingKey: 1, eventId: 1, waiting: 1 } })
        .sort({ eventId: opts.last ? -1 : 1 })
        .limit(1)
        .next();
      return doc
        ? { id: doc._id, orgId: doc.orgId, endpointId: doc.endpointId, orderingKey: doc.orderingKey, eventId: doc.eventId, waiting: doc.waiting }
        : null;
    },
    pendingInRange: (orgId, endpointId, orderingKey, afterEventId, throughEventId) =>
      batches.pendingInRange({ orgId, endpointId, orderingKey, afterEventId, throughEventId }),
    claimWaiters: (orgId, ids, { owner, now, leaseUntil, wakesNext }) => batches.claimWaiters({ orgId, ids, owner, now, leaseUntil, wakesNext }),
    async releaseToWait(orgId, ids, owner, at) {
      await coll.updateMany(
        { _id: { $in: ids }, orgId, leaseOwner: owner, status: 'pending' },
        { $set: { waiting: 'predecessor', nextAttemptAt: null, leaseOwner: null, leaseUntil: null, updatedAt: at } },
      );
    },
    async pendingOfKeys(orgId, q) {
      if (q.orderingKeys.length === 0 || q.endpointIds.length === 0) return [];
      const one = <T>(xs: T[]) => (xs.length === 1 ? xs[0] : { $in: xs });
      // Every field of the ordering_key index fixed (the $in lists multiply into one
      // lookup each) and a range on its eventId: reads only the deliveries it returns.
      const query: Filter<DeliveryDoc> = { orderingKey: one(q.orderingKeys), status: 'pending', endpointId: one(q.endpointIds), orgId } as Filter<DeliveryDoc>;
      if (q.before !== undefined || q.after !== undefined)
        query.eventId = { ...(q.after !== undefined ? { $gt: q.after } : {}), ...(q.before !== undefined ? { $lt: q.before } : {}) };
      if (q.waitingOnly) query.waiting = 'predecessor';
      const docs = await coll.find(query, { projection: { orgId: 1, endpointId: 1, orderingKey: 1, eventId: 1, waiting: 1 } }).toArray();
      return docs.map((d) => ({ id: d._id, orgId: d.orgId, endpointId: d.endpointId, orderingKey: d.orderingKey, eventId: d.eventId, waiting: d.waiting }));
    },
    async finishMany(items, opts = {}) {
      if (items.length === 0) return 0;
      const res = await coll.bulkWrite(
        items.map(({ orgId, id, owner, set, attempt }) => ({
          updateOne: {
            filter: { _id: id, orgId, leaseOwner: owner, status: 'pending', ...(opts.onlyWithoutSuccessor ? { successorWaiting: { $ne: true } } : {}) },
            update: { $set: withoutId(set), $push: { attemptLog: { $each: [attempt], $slice: -50 } } } as never,
          },
        })),
        // In order: a successor's write never lands before its predecessor's.
        { ordered: true },
      );
      return res.matchedCount;
    },
    async finishedWithSuccessor(ids) {
      if (ids.length === 0) return [];
      const docs = await coll.find({ _id: { $in: ids }, successorWaiting: true, status: { $ne: 'pending' } }).toArray();
      return docs.map(fromDoc);
    },
    async flagSuccessor(orgId, endpointId, orderingKey, eventId) {
      const before = { orgId, endpointId, orderingKey, status: 'pending' as const, eventId: { $lt: eventId } };
      // The deliveries being attempted or retried, and the last waiter before the event:
      // whichever of them is its predecessor now wakes it when it ends. Only the last
      // waiter, so a waiter behind a long backlog writes one of them, not all.
      await Promise.all([
        coll.updateMany({ ...before, waiting: { $ne: 'predecessor' } }, { $set: { successorWaiting: true } }),
        coll.findOneAndUpdate({ ...before, waiting: 'predecessor' }, { $set: { successorWaiting: true } }, { sort: { eventId: -1 }, projection: { _id: 1 } }),
      ]);
    },
    async head(orgId, endpointId, orderingKey) {
      const doc = await coll.find({ orgId, endpointId, orderingKey, status: 'pending' }).sort({ eventId: 1 }).limit(1).next();
      return doc ? fromDoc(doc) : null;
    },
    async claim(orgId, id, { owner, now, leaseUntil }) {
      const doc = await coll.findOneAndUpdate(
        { _id: id, orgId, status: 'pending', waiting: null, nextAttemptAt: { $lte: now }, ...leaseFree(now) },
        { $set: { leaseOwner: owner, leaseUntil, updatedAt: now } },
        { returnDocument: 'after' },
      );
      return doc ? fromDoc(doc) : null;
    },
    async finishAttempt(orgId, id, owner, set, attempt) {
      const update = attempt ? { $set: withoutId(set), $push: { attemptLog: { $each: [attempt], $slice: -50 } } } : { $set: withoutId(set) };
      const doc = await coll.findOneAndUpdate({ _id: id, orgId, leaseOwner: owner, status: 'pending' }, update as never, { returnDocument: 'after' });
      return doc ? fromDoc(doc) : null;
    },
    async release(orgId, id, owner, set) {
      await coll.updateOne({ _id: id, orgId, leaseOwner: owner }, { $set: { ...withoutId(set), leaseOwner: null, leaseUntil: null } });
    },
    async dropPending(orgId, endpointId, reason, at) {
      const res = await coll.updateMany(
        { orgId, endpointId, status: 'pending' },
        { $set: { status: 'dropped', lastError: reason, nextAttemptAt: null, waiting: null, updatedAt: at } },
      );
      return res.modifiedCount;
    },
    async resumePaused(orgId, endpointId, at) {
      const res = await coll.updateMany(
        { orgId, endpointId, status: 'pending', waiting: 'endpoint_disabled' },
        { $set: { waiting: null, nextAttemptAt: at, updatedAt: at } },
      );
      return res.modifiedCount;
    },
    async restart(orgId, id, at, expiresAt) {
      const doc = await coll.findOneAndUpdate(
        { _id: id, orgId, status: { $ne: 'pending' } },
        {
          $set: {
            status: 'pending',
            cycleAttempts: 0,
            successorWaiting: true,
            nextAttemptAt: at,
            waiting: null,
            leaseOwner: null,
            leaseUntil: null,
            updatedAt: at,
            expiresAt,
          },
        },
        { returnDocument: 'after' },
      );
      return doc ? fromDoc(doc) : null;
    },
    async due(now, limit) {
      const docs = await coll
        .find({ status: 'pending', waiting: null, nextAttemptAt: { $lte: now }, ...leaseFree(now) })
        .sort({ nextAttemptAt: 1 })
        .limit(limit)
        .toArray();
      return docs.map(fromDoc);
    },
    async staleWaiting(before, limit) {
      const docs = await coll
        .find({ status: 'pending', waiting: 'predecessor', updatedAt: { $lte: before } })
        .limit(limit)
        .toArray();
      return docs.map(fromDoc);
    },
    countPending: () => coll.countDocuments({ status: 'pending' }),
    async failedInWindow(orgId, endpointId, since, until, afterId, limit) {
      const docs = await coll
        .find({
          orgId,
          endpointId,
          status: { $in: ['failed', 'dropped'] },
          createdAt: { $gte: since, $lt: until },
          ...(afterId ? { _id: { $gt: afterId } } : {}),
        })
        .sort({ _id: 1 })
        .limit(limit)
        .toArray();
      return docs.map(fromDoc);
    },
    countFailedInWindow: (orgId, endpointId, since, until) =>
      coll.countDocuments({ orgId, endpointId, status: { $in: ['failed', 'dropped'] }, createdAt: { $gte: since, $lt: until } }),
  };
}

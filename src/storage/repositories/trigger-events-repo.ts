import { Binary, MongoServerError, type Db } from 'mongodb';
import { TRIGGER_EVENTS_COLLECTION, type TriggerEventStore } from '../../triggers/stores.ts';
import type { TriggerEventRecord } from '../../triggers/types.ts';
import type { CollectionIndexes } from '../indexes.ts';
import { outboxCollection } from '../outbox/outbox-collection.ts';
import type { OutboxStore } from '../outbox/outbox-store.ts';
import { findPage } from '../pagination.ts';
import { documentWriteErrors } from '../store-errors.ts';

/** `waiters`: events that found this one ahead of them on a target, woken when it settles. */
type TriggerEventDoc = Omit<TriggerEventRecord, 'id' | 'rawBody'> & { _id: string; rawBody: Binary | Buffer; waiters?: string[] };

/** One acknowledgment counter per organization: the order posts about one target take effect in. */
const COUNTERS_COLLECTION = 'trigger_event_counters';

export const triggerEventIndexes: CollectionIndexes = {
  collection: TRIGGER_EVENTS_COLLECTION,
  indexes: [
    // Duplicate deliveries lose the race here, in one write: at most one live event per key.
    {
      key: { orgId: 1, triggerId: 1, dedupKey: 1 },
      name: 'dedup_unique',
      unique: true,
      partialFilterExpression: { dedupKey: { $type: 'string' } },
    },
    { key: { orgId: 1, triggerId: 1, _id: 1 }, name: 'trigger_events' },
    { key: { orgId: 1, triggerId: 1, status: 1, _id: 1 }, name: 'trigger_events_status' },
    { key: { status: 1, nextAttemptAt: 1 }, name: 'due' },
    // The nearest earlier unsettled event of a target is one ordered index read, backwards
    // from the event's own place (a scalar field, so the embedded store reads it in order too).
    { key: { orgId: 1, targetKey: 1, status: 1, seq: 1 }, name: 'target_order' },
    // Posts of several rows: few of them are ever unsettled on one key.
    { key: { orgId: 1, targetKeys: 1, status: 1, seq: 1 }, name: 'targets_order' },
  ],
};

function toBuffer(raw: Binary | Buffer | Uint8Array): Buffer {
  if (raw instanceof Binary) return Buffer.from(raw.buffer.subarray(0, raw.position));
  return Buffer.from(raw);
}

const toDoc = ({ id, ...rest }: TriggerEventRecord): TriggerEventDoc => ({ _id: id, ...rest });

const isDuplicateKey = (err: unknown) => err instanceof MongoServerError && err.code === 11000;

interface PendingInsert<D> {
  doc: D;
  resolve: () => void;
  reject: (err: unknown) => void;
}

const MAX_BATCH = 500;

/**
 * Group commit for inbound requests: while a batch is being written the next ones
 * queue, and go out together as one insertMany as soon as a slot frees up. Every
 * caller still waits for its own acknowledged write; at low load a request goes out
 * alone at once, under load a burst costs one store round trip instead of one each.
 * Per-document failures (a duplicate dedup key) reach only their own caller.
 */
export function createInsertBatcher<D>(insertMany: (docs: D[]) => Promise<unknown>, maxInFlight = 2) {
  let queue: PendingInsert<D>[] = [];
  let inFlight = 0;

  async function write(batch: PendingInsert<D>[]): Promise<void> {
    try {
      await insertMany(batch.map((p) => p.doc));
      for (const p of batch) p.resolve();
    } catch (err) {
      // Only an answer that covers every document is split per caller; a network error or
      // timeout (which the driver also wraps as a bulk error) leaves every insert unknown.
      let failed: Map<number, { code: number; message: string }>;
      try {
        failed = new Map(documentWriteErrors(err, { inserts: batch.length }).map((e) => [e.index, e]));
      } catch (unknown) {
        for (const p of batch) p.reject(unknown);
        return;
      }
      batch.forEach((p, i) => {
        const e = failed.get(i);
        if (e) p.reject(new MongoServerError({ message: e.message, code: e.code }));
        else p.resolve();
      });
    }
  }

  function pump(): void {
    while (inFlight < maxInFlight && queue.length > 0) {
      const batch = queue.slice(0, MAX_BATCH);
      queue = queue.slice(MAX_BATCH);
      inFlight += 1;
      void write(batch).finally(() => {
        inFlight -= 1;
        pump();
      });
    }
  }

  return (doc: D): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      queue.push({ doc, resolve, reject });
      // Requests parsed in the same turn join one batch.
      if (queue.length === 1) setImmediate(pump);
    });
}

export function createTriggerEventsRepo(db: Db, opts: { outbox: OutboxStore }): TriggerEventStore {
  // Processing an event stages the action's outbound events on it.
  const staging = outboxCollection<TriggerEventDoc>({ db, outbox: opts.outbox, name: TRIGGER_EVENTS_COLLECTION });
  const coll = staging.docs;
  const fromDoc = (doc: TriggerEventDoc): TriggerEventRecord => {
    const { _id, rawBody, waiters: _waiters, ...fields } = staging.read(doc);
    return { id: _id, rawBody: toBuffer(rawBody), ...fields };
  };
  const counters = db.collection<{ _id: string; seq: number }>(COUNTERS_COLLECTION);
  const unleased = (now: Date) => ({ $or: [{ leaseUntil: null }, { leaseUntil: { $lte: now } }] });
  const batchedInsert = createInsertBatcher<TriggerEventDoc>((docs) => coll.insertMany(docs, { ordered: false }));

  async function insertAccepted(record: TriggerEventRecord, windowStart: Date, retried = false) {
    try {
      await batchedInsert(toDoc(record));
      return { inserted: true as const };
    } catch (err) {
      if (!isDuplicateKey(err) || record.dedupKey === null || retried) throw err;
      const { orgId, triggerId, dedupKey } = record;
      const existing = await coll.findOne({ orgId, triggerId, dedupKey }, { projection: { _id: 1, receivedAt: 1 } });
      if (existing && existing.receivedAt >= windowStart) return { inserted: false as const, duplicateOf: existing._id };
      // The holder of the key is older than the dedup window: release the key, then take it.
      if (existing) await coll.updateOne({ _id: existing._id, dedupKey }, { $set: { dedupKey: null } });
      return insertAccepted(record, windowStart, true);
    }
  }

  const settled = (doc: { waiters?: string[] } | null) => ({ done: doc !== null, waiters: doc?.waiters ?? [] });

  /** A number from the organization's counter, written on the event unless it already has one. */
  async function assignSeq(orgId: string, id: string): Promise<number> {
    const take = () => counters.findOneAndUpdate({ _id: orgId }, { $inc: { seq: 1 } }, { upsert: true, returnDocument: 'after' });
    // Two first posts of an organization may both try to create its counter: one retries.
    const counter = await take().catch((err: unknown) => (isDuplicateKey(err) ? take() : Promise.reject(err)));
    const seq = counter?.seq as number;
    const res = await coll.updateOne({ _id: id, seq: null }, { $set: { seq } });
    if (res.modifiedCount === 1) return seq;
    const doc = await coll.findOne({ _id: id }, { projection: { seq: 1 } });
    return typeof doc?.seq === 'number' ? doc.seq : seq;
  }

  return {
    insertAccepted,
    async insertDuplicate(record) {
      await coll.insertOne(toDoc({ ...record, dedupKey: null }));
    },
    async findById(orgId, triggerId, id) {
      const doc = await coll.findOne({ _id: id, orgId, triggerId });
      return doc ? fromDoc(doc) : null;
    },
    async list(orgId, triggerId, status, page) {
      const filter = status ? { orgId, triggerId, status } : { orgId, triggerId };
      const result = await findPage(coll, filter, { ...page, order: 'desc' });
      return { items: result.items.map(fromDoc), nextCursor: result.nextCursor };
    },
    async claim(id, now, leaseUntil) {
      const doc = await coll.findOneAndUpdate(
        { _id: id, status: 'received', ...unleased(now) },
        // nextAttemptAt follows the lease, so recovery picks the event up if this holder dies.
        { $set: { leaseUntil, nextAttemptAt: leaseUntil }, $inc: { attempts: 1 } },
        { returnDocument: 'after' },
      );
      return doc ? fromDoc(doc as TriggerEventDoc) : null;
    },
    async markProcessed(id, at, result, events) {
      const update = {
        $set: { status: 'processed', processedAt: at, result, leaseUntil: null, nextAttemptAt: null, lastError: null },
        $unset: { waiters: '' },
      } as const;
      return settled(await staging.findOneAndUpdate({ _id: id, status: 'received' }, update, events, { returnDocument: 'before', projection: { waiters: 1 } }));
    },
    async markFailed(id, at, reason) {
      return settled(
        await coll.findOneAndUpdate(
          { _id: id, status: 'received' },
          {
            $set: { status: 'failed', failedAt: at, failureReason: reason, lastError: reason, leaseUntil: null, nextAttemptAt: null },
            $unset: { waiters: '' },
          },
          { returnDocument: 'before', projection: { waiters: 1 } },
        ),
      );
    },
    async release(id, error, nextAttemptAt) {
      await coll.updateOne({ _id: id, status: 'received' }, { $set: { lastError: error, leaseUntil: null, nextAttemptAt } });
    },
    async resetForReplay(orgId, triggerId, id, now) {
      const doc = await coll.findOneAndUpdate(
        { _id: id, orgId, triggerId, status: { $in: ['processed', 'failed'] } },
        {
          $set: { status: 'received', attempts: 0, leaseUntil: null, nextAttemptAt: now, failedAt: null, failureReason: null, lastError: null, seq: null },
          $inc: { replayCount: 1 },
        },
        { returnDocument: 'after' },
      );
      return doc ? fromDoc(doc as TriggerEventDoc) : null;
    },
    async findDue(dueBy, now, limit) {
      const docs = await coll
        .find({ status: 'received', nextAttemptAt: { $lte: dueBy }, ...unleased(now) }, { projection: { _id: 1 } })
        .limit(limit)
        .toArray();
      return docs.map((d) => ({ id: d._id }));
    },
    assignSeq: (orgId, id) => assignSeq(orgId, id),
    async findBlocker(event) {
      const keys = event.targetKey ? [event.targetKey] : (event.targetKeys ?? []);
      if (keys.length === 0 || typeof event.seq !== 'number') return null;
      const earlier = { orgId: event.orgId, status: 'received' as const, seq: { $lt: event.seq } };
      const nearest = async (filter: Record<string, unknown>) =>
        (
          await coll
            .find(filter, { projection: { _id: 1, seq: 1 } })
            .sort({ seq: -1 })
            .limit(1)
            .toArray()
        )[0] ?? null;
      for (const key of keys) {
        const [single, multi] = await Promise.all([nearest({ ...earlier, targetKey: key }), nearest({ ...earlier, targetKeys: key })]);
        const blocker = single && multi ? ((single.seq ?? 0) > (multi.seq ?? 0) ? single : multi) : (single ?? multi);
        if (blocker) return blocker._id;
      }
      return null;
    },
    async waitBehind(blockerId, waiterId) {
      const res = await coll.updateOne({ _id: blockerId, status: 'received' }, { $addToSet: { waiters: waiterId } });
      return res.matchedCount === 1;
    },
    async unclaim(id, leaseUntil, nextAttemptAt) {
      await coll.updateOne({ _id: id, status: 'received', leaseUntil }, { $set: { leaseUntil: null, nextAttemptAt }, $inc: { attempts: -1 } });
    },
    async markQueued(ids, nextAttemptAt) {
      if (ids.length > 0) await coll.updateMany({ _id: { $in: ids }, status: 'received' }, { $set: { nextAttemptAt } });
    },
  };
}

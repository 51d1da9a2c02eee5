import { randomUUID } from 'node:crypto';
import type { AnyBulkWriteOperation, Db, Filter } from 'mongodb';
import type { SequenceChange, SequenceFilter, SequenceRecord, SequenceStore } from '../../domain/sequences/sequence-model.ts';
import type { CollectionIndexes } from '../indexes.ts';
import { outboxCollection } from '../outbox/outbox-collection.ts';
import type { OutboxStore } from '../outbox/outbox-store.ts';
import { insertNew } from '../insert-new.ts';
import { findPage } from '../pagination.ts';
import { firstIdAt } from '../id-time.ts';

export const SEQUENCES_COLLECTION = 'sequences';
/** Marks a sequence of a campaign draft not yet committed. */
const PENDING = 'pendingDraft';

type SequenceDoc = Omit<SequenceRecord, 'id'> & { _id: string };

export const sequenceIndexes: CollectionIndexes = {
  collection: SEQUENCES_COLLECTION,
  indexes: [
    { key: { orgId: 1, tableId: 1, _id: 1 }, name: 'org_table' },
    { key: { orgId: 1, columnId: 1, _id: 1 }, name: 'org_column' },
    { key: { orgId: 1, campaignId: 1, _id: 1 }, name: 'org_campaign' },
    { key: { nextDueAt: 1 }, name: 'due' },
    { key: { 'steps.leaseUntil': 1 }, name: 'step_lease' },
    { key: { orgId: 1, 'steps.rfcMessageId': 1 }, name: 'org_message_id' },
    { key: { orgId: 1, 'steps.threadId': 1 }, name: 'org_thread' },
    { key: { orgId: 1, recipientKeys: 1 }, name: 'org_recipient' },
    // Only pending sequences have the field: equality on it plus an _id range reads just
    // the pending ones older than the range's end (the sweep of abandoned drafts).
    { key: { [PENDING]: 1, _id: 1 }, name: 'pending_draft' },
  ],
};

/** The `$set` of a change: the domain names steps by index, the paths are spelled here. */
export function changeSet(change: SequenceChange): Record<string, unknown> {
  const set: Record<string, unknown> = { ...change.set };
  for (const { index, ...fields } of change.steps ?? []) {
    for (const [field, value] of Object.entries(fields)) set[`steps.${index}.${field}`] = value;
  }
  return set;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// Mirrors sendStatus() in the serializers: a reply wins over every other bucket.
const SEND_STATUS_QUERIES: Record<string, Filter<SequenceDoc>> = {
  replied: { repliedAt: { $ne: null } },
  failed: { status: 'failed', repliedAt: null },
  draft: { status: 'draft', repliedAt: null },
  sent: { repliedAt: null, $or: [{ status: 'completed' }, { status: 'active', 'steps.status': 'sent' }] } as Filter<SequenceDoc>,
  stopped: { status: 'stopped', repliedAt: null },
  paused: { status: 'paused', repliedAt: null },
  scheduled: { status: 'active', repliedAt: null, 'steps.status': { $ne: 'sent' } } as Filter<SequenceDoc>,
};

function toQuery(orgId: string, f: SequenceFilter): Filter<SequenceDoc> {
  const q: Filter<SequenceDoc> = { orgId, deletedAt: null };
  if (f.tableId) q.tableId = f.tableId;
  if (f.tableIds) q.tableId = f.tableId ? (f.tableIds.includes(f.tableId) ? f.tableId : { $in: [] }) : { $in: f.tableIds };
  if (f.columnId) q.columnId = f.columnId;
  if (f.campaignId) q.campaignId = f.campaignId;
  if (f.status?.length) q.status = { $in: f.status as SequenceRecord['status'][] };
  if (f.channel) q['steps.channel'] = f.channel as never;
  if (f.recipient) q.recipientKeys = f.recipient.trim().toLowerCase();
  if (f.search) q.recipientKeys = { $regex: escapeRegex(f.search.trim().toLowerCase()) } as never;
  if (f.sendStatus?.length) q.$and = [{ $or: f.sendStatus.map((b) => SEND_STATUS_QUERIES[b] ?? { status: b as SequenceRecord['status'] }) }];
  return q;
}

export function createSequencesRepo(db: Db, outbox: OutboxStore): SequenceStore {
  const staging = outboxCollection<SequenceDoc>({ db, outbox, name: SEQUENCES_COLLECTION });
  const coll = staging.docs;
  const fromDoc = (doc: SequenceDoc): SequenceRecord => {
    const { _id, ...rest } = staging.read(doc);
    delete (rest as { writeToken?: unknown }).writeToken;
    delete (rest as Record<string, unknown>)[PENDING];
    return { id: _id, ...rest };
  };
  const live = { deletedAt: null };
  return {
    async insertMany(records, opts = {}) {
      if (records.length === 0) return;
      // Pending: stored as deleted, so every read (all of them require `deletedAt: null`)
      // passes them over, and marked, so the reveal finds them.
      const hide = opts.pending ? { deletedAt: records[0].createdAt, [PENDING]: true } : {};
      for (let i = 0; i < records.length; i += 1000) {
        await insertNew(
          coll,
          records.slice(i, i + 1000).map(({ id, ...rest }) => ({ _id: id, ...rest, ...hide }) as SequenceDoc),
        );
      }
    },
    async revealPending(orgId, campaignId) {
      const res = await coll.updateMany(
        { orgId, campaignId, [PENDING]: true } as Filter<SequenceDoc>,
        { $set: { deletedAt: null }, $unset: { [PENDING]: '' } } as never,
      );
      return res.modifiedCount;
    },
    async pendingDraftsBefore(before, limit) {
      // By the time in their ids: under an idempotency claim that is the claim's start (a
      // retry mints the ids of its first attempt), so the age counts from the first attempt.
      const docs = await coll
        .find({ [PENDING]: true, _id: { $lt: firstIdAt(before) } } as Filter<SequenceDoc>, {
          projection: { orgId: 1, campaignId: 1, tableId: 1, columnId: 1 },
        })
        .sort({ _id: 1 })
        .limit(limit)
        .toArray();
      const groups = new Map<string, { orgId: string; campaignId: string; tableId: string; columnId: string }>();
      for (const d of docs)
        groups.set(`${d.orgId}\u0000${d.campaignId}`, { orgId: d.orgId, campaignId: d.campaignId, tableId: d.tableId, columnId: d.columnId });
      return [...groups.values()];
    },
    async deletePending(orgId, campaignId) {
      // Pending sequences are inserted with no staged events, and every write that stages
      // one starts from a read, which passes them over: deleting them emits no event and
      // drops none. To the API they never existed.
      const res = await coll.deleteMany({ orgId, campaignId, [PENDING]: true } as Filter<SequenceDoc>);
      return res.deletedCount;
    },
    async findById(orgId, id) {
      const doc = await coll.findOne({ _id: id, orgId, ...live });
      return doc ? fromDoc(doc) : null;
    },
    async list(orgId, filter, page) {
      const result = await findPage(coll, toQuery(orgId, filter), page);
      return { items: result.items.map(fromDoc), nextCursor: result.nextCursor };
    },
    count: (orgId, filter) => coll.countDocuments(toQuery(orgId, filter)),
    async listByCampaign(orgId, campaignId) {
      return (
        await coll
          .find({ orgId, campaignId, ...live })
          .sort({ _id: 1 })
          .toArray()
      ).map(fromDoc);
    },
    async compareAndSet(orgId, id, version, change, events = []) {
      const update = { $set: changeSet(change), $inc: { version: 1 } };
      return (await staging.updateOne({ _id: id, orgId, version } as never, update as never, events)).modified;
    },
    async compareAndSetMany(writes, opts) {
      if (writes.length === 0) return new Set<string>();
      // The token tells which conditional writes applied (bulk results only give counts).
      const token = randomUUID();
      await staging.bulkUpdate(
        writes.map((w) => ({
          filter: { _id: w.id, orgId: w.orgId, version: w.version } as never,
          update: { $set: { ...changeSet(w), writeToken: token }, $inc: { version: 1 } } as never,
          events: w.events ?? [],
        })),
      );
      const applied = await coll
        .find({ _id: { $in: writes.map((w) => w.id) }, writeToken: token } as Filter<SequenceDoc>)
        .project<{ _id: string }>({ _id: 1 })
        .toArray();
      const ids = new Set(applied.map((d) => d._id));
      const relayed = staging.relay(writes.filter((w) => w.events?.length && ids.has(w.id)).map((w) => w.id));
      if (opts?.detachRelay) opts.detachRelay(relayed);
      else await relayed;
      return ids;
    },
    async markHandedOver(marks, at, leaseUntil) {
      if (marks.length === 0) return new Set<string>();
      const token = randomUUID();
      const ops = marks.map((m) => ({
        updateOne: {
          // `handedOverAt: null` also matches documents written before the field existed.
          filter: {
            _id: m.id,
            orgId: m.orgId,
            [`steps.${m.index}.status`]: 'sending',
            [`steps.${m.index}.attempts`]: m.attempts,
            [`steps.${m.index}.handedOverAt`]: null,
          },
          update: { $set: { [`steps.${m.index}.handedOverAt`]: at, [`steps.${m.index}.leaseUntil`]: leaseUntil, writeToken: token }, $inc: { version: 1 } },
        },
      })) as unknown as AnyBulkWriteOperation<SequenceDoc>[];
      const res = await coll.bulkWrite(ops, { ordered: false });
      // Usually every mark applies: then the counts say so and no read is needed.
      if (res.modifiedCount === marks.length) return new Set(marks.map((m) => m.id));
      const applied = await coll
        .find({ _id: { $in: marks.map((m) => m.id) }, writeToken: token } as Filter<SequenceDoc>)
        .project<{ _id: string }>({ _id: 1 })
        .toArray();
      return new Set(applied.map((d) => d._id));
    },
    async updateCampaignSequences(orgId, campaignId, fromStatus, change) {
      const res = await coll.updateMany({ orgId, campaignId, status: fromStatus, ...live }, { $set: changeSet(change), $inc: { version: 1 } } as never);
      return res.modifiedCount;
    },
    async findDue(now, limit) {
      const docs = await coll
        .find({ status: 'active', nextDueAt: { $lte: now }, ...live })
        .sort({ nextDueAt: 1 })
        .limit(limit)
        .toArray();
      return docs.map(fromDoc);
    },
    async findExpiredLeases(now, limit) {
      const docs = await coll
        .find({ steps: { $elemMatch: { status: 'sending', leaseUntil: { $lt: now } } } })
        .limit(limit)
        .toArray();
      return docs.map(fromDoc);
    },
    async earliestDue() {
      const doc = await coll
        .find({ status: 'active', nextDueAt: { $ne: null }, ...live })
        .sort({ nextDueAt: 1 })
        .limit(1)
        .project<{ nextDueAt: Date }>({ nextDueAt: 1 })
        .next();
      return doc?.nextDueAt ?? null;
    },
    async findByMessageIds(orgId, ids) {
      if (ids.length === 0) return [];
      return (
        await coll
          .find({ orgId, 'steps.rfcMessageId': { $in: ids }, ...live })
          .limit(50)
          .toArray()
      ).map(fromDoc);
    },
    async findByThreadId(orgId, threadId) {
      return (
        await coll
          .find({ orgId, 'steps.threadId': threadId, ...live })
          .limit(50)
          .toArray()
      ).map(fromDoc);
    },
    async findByRecipient(orgId, key) {
      return (
        await coll
          .find({ orgId, recipientKeys: key.toLowerCase(), ...live })
          .limit(50)
          .toArray()
      ).map(fromDoc);
    },
  };
}

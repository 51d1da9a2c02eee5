import type { Db } from 'mongodb';
import type { Outbox } from '../../events/outbox.ts';
import type { ReplyRecord, ReplyStore } from '../../domain/sequences/reply-model.ts';
import type { CollectionIndexes } from '../indexes.ts';

export const REPLIES_COLLECTION = 'sequence_replies';

type ReplyDoc = Omit<ReplyRecord, 'id'> & { _id: string };

export const replyIndexes: CollectionIndexes = {
  collection: REPLIES_COLLECTION,
  indexes: [{ key: { orgId: 1, dedupeKey: 1 }, name: 'org_dedupe', unique: true }],
};

const fromDoc = (doc: ReplyDoc): ReplyRecord => {
  const { _id, ...rest } = doc as ReplyDoc & { _outbox?: unknown };
  delete (rest as { _outbox?: unknown })._outbox;
  return { id: _id, ...rest };
};

export function createRepliesRepo(db: Db, outbox: Outbox): ReplyStore {
  const coll = db.collection<ReplyDoc>(REPLIES_COLLECTION);
  return {
    async insertIfAbsent({ id, ...rest }) {
      const { orgId, dedupeKey } = rest;
      const doc = await coll.findOneAndUpdate({ orgId, dedupeKey }, { $setOnInsert: { _id: id, ...rest } as never }, { upsert: true, returnDocument: 'after' });
      const record = fromDoc(doc as ReplyDoc);
      return { record, inserted: record.id === id };
    },
    async complete(orgId, id, set, events) {
      await coll.updateOne({ _id: id, orgId }, { $set: set, ...(events.length ? outbox.pushSpec(events) : {}) } as never);
      if (events.length) await outbox.flush(REPLIES_COLLECTION, id);
    },
  };
}

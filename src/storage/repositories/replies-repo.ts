import type { Db } from 'mongodb';
import type { ReplyRecord, ReplyStore } from '../../domain/sequences/reply-model.ts';
import type { CollectionIndexes } from '../indexes.ts';
import { outboxCollection } from '../outbox/outbox-collection.ts';
import type { OutboxStore } from '../outbox/outbox-store.ts';

export const REPLIES_COLLECTION = 'sequence_replies';

type ReplyDoc = Omit<ReplyRecord, 'id'> & { _id: string };

export const replyIndexes: CollectionIndexes = {
  collection: REPLIES_COLLECTION,
  indexes: [{ key: { orgId: 1, dedupeKey: 1 }, name: 'org_dedupe', unique: true }],
};

export function createRepliesRepo(db: Db, outbox: OutboxStore): ReplyStore {
  const staging = outboxCollection<ReplyDoc>({ db, outbox, name: REPLIES_COLLECTION });
  const coll = staging.docs;
  const fromDoc = (doc: ReplyDoc): ReplyRecord => {
    const { _id, ...rest } = staging.read(doc);
    return { id: _id, ...rest };
  };
  return {
    async insertIfAbsent({ id, ...rest }) {
      const { orgId, dedupeKey } = rest;
      const doc = await coll.findOneAndUpdate({ orgId, dedupeKey }, { $setOnInsert: { _id: id, ...rest } as never }, { upsert: true, returnDocument: 'after' });
      const record = fromDoc(doc as ReplyDoc);
      return { record, inserted: record.id === id };
    },
    async complete(orgId, id, set, events) {
      await staging.updateOne({ _id: id, orgId } as never, { $set: set } as never, events);
    },
  };
}

import type { Db } from 'mongodb';
import type { SenderRecord, SenderStore } from '../../domain/senders/sender-model.ts';
import { openFields, sealFields, SEALED_FIELDS } from '../encryption/sealed-fields.ts';
import type { SecretBox } from '../encryption/secret-box.ts';
import type { CollectionIndexes } from '../indexes.ts';
import { findPage } from '../pagination.ts';
import { insertOnce } from '../insert-once.ts';

const COLLECTION = 'senders';

type SenderDoc = Omit<SenderRecord, 'id'> & { _id: string };

export const senderIndexes: CollectionIndexes = {
  collection: COLLECTION,
  indexes: [{ key: { orgId: 1, _id: 1 }, name: 'org_id' }],
};

export function createSendersRepo(db: Db, opts: { secrets: SecretBox }): SenderStore {
  const senders = db.collection<SenderDoc>(COLLECTION);
  // The SMTP password and the http secret are sealed at rest; the domain sees them opened.
  const fromDoc = ({ _id, ...rest }: SenderDoc): SenderRecord => openFields(opts.secrets, SEALED_FIELDS.senders, { id: _id, ...rest });
  return {
    async insert({ id, ...rest }) {
      await insertOnce(senders, sealFields(opts.secrets, SEALED_FIELDS.senders, { _id: id, ...rest }) as never);
    },
    async findById(orgId, id) {
      const doc = await senders.findOne({ _id: id, orgId });
      return doc ? fromDoc(doc) : null;
    },
    async list(orgId, page) {
      const result = await findPage(senders, { orgId, deletedAt: null }, page);
      return { items: result.items.map(fromDoc), nextCursor: result.nextCursor };
    },
    async markDeleted(orgId, id, at) {
      await senders.updateOne({ _id: id, orgId, deletedAt: null }, { $set: { deletedAt: at, updatedAt: at } });
      const doc = await senders.findOne({ _id: id, orgId });
      return doc ? fromDoc(doc) : null;
    },
  };
}

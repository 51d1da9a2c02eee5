import type { Db } from 'mongodb';
import type { TriggerStore } from '../../triggers/stores.ts';
import type { TriggerRecord } from '../../triggers/types.ts';
import type { CollectionIndexes } from '../indexes.ts';
import { findPage } from '../pagination.ts';

const COLLECTION = 'triggers';

type TriggerDoc = Omit<TriggerRecord, 'id'> & { _id: string };

export const triggerIndexes: CollectionIndexes = {
  collection: COLLECTION,
  indexes: [{ key: { orgId: 1, _id: 1 }, name: 'org_id' }],
};

const fromDoc = ({ _id, ...rest }: TriggerDoc): TriggerRecord => ({ id: _id, ...rest });

export function createTriggersRepo(db: Db): TriggerStore {
  const coll = db.collection<TriggerDoc>(COLLECTION);
  return {
    async insert({ id, ...rest }) {
      await coll.insertOne({ _id: id, ...rest });
    },
    async findById(orgId, id) {
      const doc = await coll.findOne({ _id: id, orgId });
      return doc ? fromDoc(doc) : null;
    },
    async list(orgId, page) {
      const result = await findPage(coll, { orgId }, page);
      return { items: result.items.map(fromDoc), nextCursor: result.nextCursor };
    },
    async update(orgId, id, set) {
      const { id: _ignored, orgId: _org, ...fields } = set;
      const doc = await coll.findOneAndUpdate({ _id: id, orgId }, { $set: fields }, { returnDocument: 'after' });
      return doc ? fromDoc(doc as TriggerDoc) : null;
    },
    async delete(orgId, id) {
      const res = await coll.deleteOne({ _id: id, orgId });
      return res.deletedCount === 1;
    },
  };
}

import type { Db } from 'mongodb';
import type { RecoveryRecord, RecoveryStore } from '../../domain/webhooks/types.ts';
import type { CollectionIndexes } from '../indexes.ts';

const COLLECTION = 'webhook_recoveries';

type RecoveryDoc = Omit<RecoveryRecord, 'id'> & { _id: string };

export const webhookRecoveryIndexes: CollectionIndexes = {
  collection: COLLECTION,
  indexes: [{ key: { orgId: 1, endpointId: 1, _id: -1 }, name: 'org_endpoint' }],
};

const fromDoc = ({ _id, ...rest }: RecoveryDoc): RecoveryRecord => ({ id: _id, ...rest });

export function createWebhookRecoveriesRepo(db: Db): RecoveryStore {
  const coll = db.collection<RecoveryDoc>(COLLECTION);
  return {
    async insert({ id, ...rest }) {
      await coll.insertOne({ _id: id, ...rest });
    },
    async findById(orgId, id) {
      const doc = await coll.findOne({ _id: id, orgId });
      return doc ? fromDoc(doc) : null;
    },
    async progress(orgId, id, set) {
      const { id: _ignored, ...fields } = set;
      const doc = await coll.findOneAndUpdate({ _id: id, orgId }, { $set: fields }, { returnDocument: 'after' });
      return doc ? fromDoc(doc) : null;
    },
  };
}

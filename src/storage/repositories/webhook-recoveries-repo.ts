import type { Db } from 'mongodb';
import type { RecoveryRecord, RecoveryStore } from '../../domain/webhooks/types.ts';
import type { CollectionIndexes } from '../indexes.ts';
import { tenantRecords, type Stored } from '../tenant-records.ts';

const COLLECTION = 'webhook_recoveries';

type RecoveryDoc = Stored<RecoveryRecord>;

export const webhookRecoveryIndexes: CollectionIndexes = {
  collection: COLLECTION,
  indexes: [{ key: { orgId: 1, endpointId: 1, _id: -1 }, name: 'org_endpoint' }],
};

export function createWebhookRecoveriesRepo(db: Db): RecoveryStore {
  const coll = db.collection<RecoveryDoc>(COLLECTION);
  const records = tenantRecords<RecoveryRecord>(coll);
  const { fromDoc } = records;
  return {
    insert: records.insert,
    findById: records.findById,
    async progress(orgId, id, set) {
      const { id: _ignored, ...fields } = set;
      const doc = await coll.findOneAndUpdate({ _id: id, orgId }, { $set: fields }, { returnDocument: 'after' });
      return doc ? fromDoc(doc) : null;
    },
  };
}

import type { Db } from 'mongodb';
import type { TriggerStore } from '../../triggers/stores.ts';
import type { TriggerRecord } from '../../triggers/types.ts';
import { sealedCodec, SEALED_FIELDS } from '../encryption/sealed-fields.ts';
import type { SecretBox } from '../encryption/secret-box.ts';
import type { CollectionIndexes } from '../indexes.ts';
import { tenantRecords, type Stored } from '../tenant-records.ts';

const COLLECTION = 'triggers';

type TriggerDoc = Stored<TriggerRecord>;

export const triggerIndexes: CollectionIndexes = {
  collection: COLLECTION,
  indexes: [{ key: { orgId: 1, _id: 1 }, name: 'org_id' }],
};

export function createTriggersRepo(db: Db, opts: { secrets: SecretBox }): TriggerStore {
  const coll = db.collection<TriggerDoc>(COLLECTION);
  // A verification secret is sealed at rest; the domain sees it opened.
  const codec = sealedCodec(opts.secrets, SEALED_FIELDS.triggers);
  const records = tenantRecords<TriggerRecord>(coll, codec);
  const fromDoc = records.fromDoc;
  return {
    insert: records.insert,
    findById: records.findById,
    list: (orgId, page) => records.list(orgId, page),
    async update(orgId, id, set) {
      const { id: _ignored, orgId: _org, ...fields } = set;
      const doc = await coll.findOneAndUpdate({ _id: id, orgId }, { $set: codec.toStored(fields) }, { returnDocument: 'after' });
      return doc ? fromDoc(doc as TriggerDoc) : null;
    },
    async delete(orgId, id) {
      const res = await coll.deleteOne({ _id: id, orgId });
      return res.deletedCount === 1;
    },
  };
}

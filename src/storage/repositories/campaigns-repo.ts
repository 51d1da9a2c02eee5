import { MongoServerError, type Db } from 'mongodb';
import type { CampaignRecord, CampaignStore } from '../../domain/campaigns/campaign-model.ts';
import type { CollectionIndexes } from '../indexes.ts';
import { insertOnce } from '../insert-once.ts';

const COLLECTION = 'campaigns';

type CampaignDoc = Omit<CampaignRecord, 'id'> & { _id: string; abandonedAt?: Date };

export const campaignIndexes: CollectionIndexes = {
  collection: COLLECTION,
  indexes: [{ key: { orgId: 1, tableId: 1, _id: -1 }, name: 'org_table' }],
};

const fromDoc = ({ _id, ...rest }: CampaignDoc): CampaignRecord => ({ id: _id, ...rest });

export function createCampaignsRepo(db: Db): CampaignStore {
  const coll = db.collection<CampaignDoc>(COLLECTION);
  return {
    async insert({ id, ...rest }) {
      await insertOnce(coll, { _id: id, ...rest });
    },
    async findById(orgId, id) {
      const doc = await coll.findOne({ _id: id, orgId, deletedAt: null });
      return doc ? fromDoc(doc) : null;
    },
    async listByTable(orgId, tableId) {
      // One page, newest first (published: `nextCursor: null`); bounded defensively.
      return (await coll.find({ orgId, tableId, deletedAt: null }).sort({ _id: -1 }).limit(500).toArray()).map(fromDoc);
    },
    async transition(orgId, id, from, set) {
      const res = await coll.updateOne({ _id: id, orgId, deletedAt: null, status: { $in: from } }, { $set: set });
      return res.modifiedCount === 1;
    },
    async replaceSteps(orgId, id, seenUpdatedAt, steps, at) {
      const res = await coll.updateOne({ _id: id, orgId, deletedAt: null, updatedAt: seenUpdatedAt }, { $set: { steps, updatedAt: at } });
      return res.modifiedCount === 1;
    },
    async swapEditAgent(orgId, id, from, to) {
      const res = await coll.updateOne({ _id: id, orgId, deletedAt: null, editAgentId: from }, { $set: { editAgentId: to } });
      return res.modifiedCount === 1;
    },
    async abandonDraft(orgId, id, refs, at) {
      // A marker under the campaign's id, deleted from the start: every read passes it
      // over, and the unique _id makes a draft that would commit this id later fail
      // instead (its insert meets the marker and finds no live campaign).
      try {
        await coll.insertOne({ _id: id, orgId, ...refs, abandonedAt: at, deletedAt: at, createdAt: at, updatedAt: at } as CampaignDoc);
        return 'abandoned';
      } catch (err) {
        if (!(err instanceof MongoServerError && err.code === 11000)) throw err;
      }
      const doc = await coll.findOne({ _id: id }, { projection: { orgId: 1, deletedAt: 1, abandonedAt: 1 } });
      if (doc?.abandonedAt && doc.orgId === orgId) return 'abandoned';
      return doc?.deletedAt || doc?.orgId !== orgId ? 'deleted' : 'live';
    },
    async markDeleted(orgId, id, at) {
      const res = await coll.updateOne({ _id: id, orgId, deletedAt: null }, { $set: { deletedAt: at, updatedAt: at } });
      return res.modifiedCount === 1;
    },
  };
}

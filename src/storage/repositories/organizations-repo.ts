import type { Db } from 'mongodb';
import type { Organization, OrganizationStore } from '../../domain/organizations/organization-service.ts';
import type { CollectionIndexes } from '../indexes.ts';

const COLLECTION = 'organizations';

interface OrganizationDoc {
  _id: string;
  name: string;
  createdAt: Date;
}

export const organizationIndexes: CollectionIndexes = {
  collection: COLLECTION,
  indexes: [{ key: { name: 1 }, name: 'name_unique', unique: true }],
};

const toOrganization = (doc: OrganizationDoc): Organization => ({ id: doc._id, name: doc.name, createdAt: doc.createdAt });

export function createOrganizationsRepo(db: Db): OrganizationStore {
  const orgs = db.collection<OrganizationDoc>(COLLECTION);
  return {
    async findOrCreateByName(name, candidate) {
      // The unique name index makes concurrent first boots agree on one organization.
      const doc = await orgs.findOneAndUpdate(
        { name },
        { $setOnInsert: { _id: candidate.id, createdAt: candidate.createdAt } },
        { upsert: true, returnDocument: 'after' },
      );
      return toOrganization(doc as OrganizationDoc);
    },
    async findById(id) {
      const doc = await orgs.findOne({ _id: id });
      return doc ? toOrganization(doc) : null;
    },
  };
}

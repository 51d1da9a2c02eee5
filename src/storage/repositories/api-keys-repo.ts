import type { Db } from 'mongodb';
import type { ApiKeyRecord, ApiKeyStore } from '../../domain/api-keys/api-key-service.ts';
import type { CollectionIndexes } from '../indexes.ts';
import { findPage } from '../pagination.ts';
import { rethrowIfStored } from '../insert-once.ts';

const COLLECTION = 'api_keys';

type ApiKeyDoc = Omit<ApiKeyRecord, 'id'> & { _id: string };

export const apiKeyIndexes: CollectionIndexes = {
  collection: COLLECTION,
  indexes: [
    { key: { hash: 1 }, name: 'hash_unique', unique: true },
    { key: { orgId: 1, _id: 1 }, name: 'org_id' },
  ],
};

const fromDoc = ({ _id, ...rest }: ApiKeyDoc): ApiKeyRecord => ({ id: _id, ...rest });
const toDoc = ({ id, ...rest }: ApiKeyRecord): ApiKeyDoc => ({ _id: id, ...rest });

export function createApiKeysRepo(db: Db): ApiKeyStore {
  const keys = db.collection<ApiKeyDoc>(COLLECTION);
  return {
    async insertIfAbsent(record) {
      const { hash, ...rest } = toDoc(record);
      try {
        const doc = await keys.findOneAndUpdate({ hash }, { $setOnInsert: rest }, { upsert: true, returnDocument: 'after' });
        return fromDoc(doc as ApiKeyDoc);
      } catch (err) {
        return rethrowIfStored(keys, rest._id, err);
      }
    },
    async findByHash(hash) {
      const doc = await keys.findOne({ hash });
      return doc ? fromDoc(doc) : null;
    },
    async findById(orgId, id) {
      const doc = await keys.findOne({ _id: id, orgId });
      return doc ? fromDoc(doc) : null;
    },
    async list(orgId, page) {
      const result = await findPage(keys, { orgId }, page);
      return { items: result.items.map(fromDoc), nextCursor: result.nextCursor };
    },
    async revoke(orgId, id, at) {
      // Only the first revocation stamps the time; a repeat returns the key as it is.
      await keys.updateOne({ _id: id, orgId, revokedAt: null }, { $set: { revokedAt: at } });
      const doc = await keys.findOne({ _id: id, orgId });
      return doc ? fromDoc(doc) : null;
    },
    async touchLastUsed(id, at) {
      await keys.updateOne({ _id: id, $or: [{ lastUsedAt: null }, { lastUsedAt: { $lt: at } }] }, { $set: { lastUsedAt: at } });
    },
  };
}

import type { Db } from 'mongodb';
import type { PortalSessionRecord, PortalSessionStore } from '../../domain/portal-sessions/portal-session-service.ts';
import type { CollectionIndexes } from '../indexes.ts';
import { insertOnce } from '../insert-once.ts';

const COLLECTION = 'portal_sessions';

type PortalSessionDoc = Omit<PortalSessionRecord, 'id'> & { _id: string };

export const portalSessionIndexes: CollectionIndexes = {
  collection: COLLECTION,
  indexes: [
    { key: { hash: 1 }, name: 'hash_unique', unique: true },
    // Expired sessions are refused on use already; the store forgets them a day later.
    { key: { expiresAt: 1 }, name: 'expiry_ttl', expireAfterSeconds: 86_400 },
  ],
};

const fromDoc = ({ _id, ...rest }: PortalSessionDoc): PortalSessionRecord => ({ id: _id, ...rest });

export function createPortalSessionsRepo(db: Db): PortalSessionStore {
  const sessions = db.collection<PortalSessionDoc>(COLLECTION);
  return {
    async insert({ id, ...rest }) {
      await insertOnce(sessions, { _id: id, ...rest } as never);
    },
    async findById(orgId, id) {
      const doc = await sessions.findOne({ _id: id, orgId });
      return doc ? fromDoc(doc) : null;
    },
    async findByHash(hash) {
      const doc = await sessions.findOne({ hash });
      return doc ? fromDoc(doc) : null;
    },
    async reissue(orgId, id, fromHash, toHash) {
      return (await sessions.updateOne({ _id: id, orgId, hash: fromHash }, { $set: { hash: toHash } })).modifiedCount === 1;
    },
  };
}

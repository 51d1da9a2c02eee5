import { createHash } from 'node:crypto';
import { MongoServerError, type Db } from 'mongodb';
import type { BeginResult, ClaimScope, IdempotencyStore, RecordedResponse } from '../../http/idempotency/idempotency-store.ts';
import type { CollectionIndexes } from '../indexes.ts';

const COLLECTION = 'idempotency_keys';

interface IdempotencyDoc {
  _id: string;
  orgId: string;
  fingerprint: string;
  status: 'in_flight' | 'completed';
  lockedUntil: Date;
  expiresAt: Date;
  /** When the claim was first made: the time of the ids its attempts mint. */
  startedAt?: Date;
  response?: RecordedResponse;
}

export const idempotencyIndexes: CollectionIndexes = {
  collection: COLLECTION,
  indexes: [{ key: { expiresAt: 1 }, name: 'expires_ttl', expireAfterSeconds: 0 }],
};

const docId = (orgId: string, key: string) => `${orgId}:${createHash('sha256').update(key).digest('hex')}`;
const scopeOf = (doc: Pick<IdempotencyDoc, '_id' | 'startedAt'>): ClaimScope | null =>
  doc.startedAt ? { seed: `idempotency:${doc._id}:${doc.startedAt.getTime()}`, atMs: doc.startedAt.getTime() } : null;
const isDuplicateKey = (err: unknown) => err instanceof MongoServerError && err.code === 11000;

export function createIdempotencyRepo(db: Db): IdempotencyStore {
  const coll = db.collection<IdempotencyDoc>(COLLECTION);

  async function inspect(existing: IdempotencyDoc, fingerprint: string, opts: { now: Date; lockMs: number }): Promise<BeginResult | null> {
    if (existing.expiresAt <= opts.now) {
      await coll.deleteOne({ _id: existing._id, expiresAt: existing.expiresAt });
      return null;
    }
    if (existing.fingerprint !== fingerprint) return { state: 'mismatch' };
    if (existing.status === 'completed' && existing.response) return { state: 'replay', response: existing.response };
    if (existing.lockedUntil > opts.now) return { state: 'in_flight' };
    // The process that claimed it died mid-request: take the claim over.
    const taken = await coll.updateOne(
      { _id: existing._id, status: 'in_flight', lockedUntil: existing.lockedUntil },
      { $set: { lockedUntil: new Date(opts.now.getTime() + opts.lockMs) } },
    );
    return taken.modifiedCount === 1 ? { state: 'started', scope: scopeOf(existing) } : { state: 'in_flight' };
  }

  return {
    async begin(orgId, key, fingerprint, opts) {
      const _id = docId(orgId, key);
      for (let attempt = 0; attempt < 3; attempt++) {
        try {
          const doc: IdempotencyDoc = {
            _id,
            orgId,
            fingerprint,
            status: 'in_flight',
            lockedUntil: new Date(opts.now.getTime() + opts.lockMs),
            expiresAt: new Date(opts.now.getTime() + opts.ttlMs),
            startedAt: opts.now,
          };
          await coll.insertOne(doc);
          return { state: 'started', scope: scopeOf(doc) };
        } catch (err) {
          if (!isDuplicateKey(err)) throw err;
        }
        const existing = await coll.findOne({ _id });
        if (!existing) continue;
        const result = await inspect(existing, fingerprint, opts);
        if (result) return result;
      }
      return { state: 'in_flight' };
    },
    async complete(orgId, key, response) {
      await coll.updateOne({ _id: docId(orgId, key) }, { $set: { status: 'completed', response } });
    },
    async abandon(orgId, key) {
      // Kept, not deleted: a retry must mint the ids this attempt used, in case its
      // writes took effect although it failed (an unknown outcome answers 503).
      await coll.updateOne({ _id: docId(orgId, key), status: 'in_flight' }, { $set: { lockedUntil: new Date(0) } });
    },
  };
}

import type { Db } from 'mongodb';
import type { RateLimitStore } from '../../http/rate-limit/rate-limit-store.ts';
import type { CollectionIndexes } from '../indexes.ts';

const COLLECTION = 'rate_limits';

interface CounterDoc {
  _id: string;
  count: number;
  expiresAt: Date;
}

export const rateLimitIndexes: CollectionIndexes = {
  collection: COLLECTION,
  indexes: [{ key: { expiresAt: 1 }, name: 'expires_ttl', expireAfterSeconds: 0 }],
};

export function createRateLimitRepo(db: Db): RateLimitStore {
  const counters = db.collection<CounterDoc>(COLLECTION);
  return {
    async claim(bucket, amount, expiresAt) {
      const doc = await counters.findOneAndUpdate(
        { _id: bucket },
        { $inc: { count: amount }, $setOnInsert: { expiresAt } },
        { upsert: true, returnDocument: 'after' },
      );
      return doc?.count ?? amount;
    },
  };
}

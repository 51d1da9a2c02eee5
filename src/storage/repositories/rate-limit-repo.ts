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
      const inc = () =>
        counters.findOneAndUpdate({ _id: bucket }, { $inc: { count: amount }, $setOnInsert: { expiresAt } }, { upsert: true, returnDocument: 'after' });
      // Two processes opening one window's counter at once: one upsert inserts, the other
      // may be refused by the _id index; the counter exists then, so once more updates it.
      const doc = await inc().catch((err: { code?: number }) => {
        if (err?.code === 11000) return inc();
        throw err;
      });
      return doc?.count ?? amount;
    },
  };
}

import { MongoServerError, type Db } from 'mongodb';

export interface TtlIndex {
  collection: string;
  name: string;
  field: string;
  expireAfterSeconds: number;
}

// Codes a createIndexes answers when an index of that name exists with other options.
const CONFLICT_CODES = new Set([85, 86]);

/**
 * A TTL index whose lifetime comes from configuration: created, or re-created when the
 * configured lifetime changed since it was made (so a new retention applies to every
 * stored document at once, not only to those written afterwards).
 */
export async function ensureTtlIndex(db: Db, spec: TtlIndex): Promise<void> {
  const coll = db.collection(spec.collection);
  const create = () => coll.createIndex({ [spec.field]: 1 }, { name: spec.name, expireAfterSeconds: spec.expireAfterSeconds });
  try {
    await create();
  } catch (err) {
    if (!(err instanceof MongoServerError) || !CONFLICT_CODES.has(Number(err.code))) throw err;
    await coll.dropIndex(spec.name);
    await create();
  }
}

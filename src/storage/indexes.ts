import type { Db, IndexDescription } from 'mongodb';

/** The indexes one collection needs; each repository module exports its own. */
export interface CollectionIndexes {
  collection: string;
  indexes: IndexDescription[];
}

export async function ensureIndexes(db: Db, specs: CollectionIndexes[]): Promise<void> {
  for (const spec of specs) {
    if (spec.indexes.length > 0) await db.collection(spec.collection).createIndexes(spec.indexes);
  }
}

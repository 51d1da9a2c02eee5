import { MongoBulkWriteError, type Collection, type Document, type OptionalUnlessRequiredId } from 'mongodb';

/**
 * Inserts unordered and treats duplicate keys as "already there": relays and
 * retries insert the same ids again on purpose. Returns, per document, whether this
 * call inserted it; any other write error is thrown.
 */
export async function insertNew<T extends Document>(coll: Collection<T>, docs: OptionalUnlessRequiredId<T>[]): Promise<boolean[]> {
  const inserted = docs.map(() => true);
  if (docs.length === 0) return inserted;
  try {
    await coll.insertMany(docs, { ordered: false });
  } catch (err) {
    if (!(err instanceof MongoBulkWriteError)) throw err;
    for (const w of [err.writeErrors].flat()) {
      if (w.code !== 11000) throw err;
      inserted[w.index] = false;
    }
  }
  return inserted;
}

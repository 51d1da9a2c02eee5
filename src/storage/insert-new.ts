import type { Collection, Document, OptionalUnlessRequiredId } from 'mongodb';
import { documentWriteErrors } from './store-errors.ts';

/**
 * Inserts unordered and treats duplicate keys as "already there": relays and
 * retries insert the same ids again on purpose. Returns, per document, whether this
 * call inserted it; any other write error is thrown, and so is a failure that leaves
 * the outcome of some document unknown (WriteOutcomeUnknownError): callers then must
 * not act as if the documents existed.
 */
export async function insertNew<T extends Document>(coll: Collection<T>, docs: OptionalUnlessRequiredId<T>[]): Promise<boolean[]> {
  const inserted = docs.map(() => true);
  if (docs.length === 0) return inserted;
  try {
    await coll.insertMany(docs, { ordered: false });
  } catch (err) {
    const errors = documentWriteErrors(err, { inserts: docs.length });
    if (errors.some((w) => w.code !== 11000)) throw err;
    for (const w of errors) inserted[w.index] = false;
  }
  return inserted;
}

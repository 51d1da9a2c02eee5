import { MongoServerError, type Collection, type Document, type Filter } from 'mongodb';
import { AlreadyStoredError } from '../domain/shared/already-stored.ts';

const isDuplicateKey = (err: unknown) => err instanceof MongoServerError && err.code === 11000;

/**
 * Turns a duplicate-key error of an insert into `AlreadyStoredError` when a document
 * with the inserted `_id` exists (another unique index may be the one that reported
 * it); any other error is rethrown as it is.
 */
export async function rethrowIfStored<T extends Document>(coll: Collection<T>, id: string, err: unknown): Promise<never> {
  if (isDuplicateKey(err) && (await coll.countDocuments({ _id: id } as Filter<T>, { limit: 1 })) > 0) throw new AlreadyStoredError(id);
  throw err;
}

/** `insertOne`, throwing `AlreadyStoredError` when the document's `_id` is already stored. */
export async function insertOnce<T extends Document & { _id: string }>(coll: Collection<T>, doc: T): Promise<void> {
  try {
    await coll.insertOne(doc as never);
  } catch (err) {
    await rethrowIfStored(coll, doc._id, err);
  }
}

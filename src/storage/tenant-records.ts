import type { Collection, Filter, OptionalUnlessRequiredId } from 'mongodb';
import { rethrowIfStored } from './insert-once.ts';
import { findPage, type Page, type PageRequest } from './pagination.ts';

/** How a domain record with `id` is stored: the id becomes `_id`. */
export type Stored<R extends { id: string }> = Omit<R, 'id'> & { _id: string };

/** What a collection changes on the way in and out: sealing secrets at rest, say. */
export interface RecordCodec {
  toStored<T>(doc: T): T;
  fromStored<T>(doc: T): T;
}

const AS_IS: RecordCodec = { toStored: (doc) => doc, fromStored: (doc) => doc };

/**
 * The reads and writes every tenant-owned collection repeats: the organization id
 * is part of every query, so another organization's id finds nothing, exactly like
 * a missing one. A codec, where given, applies to every document written and read.
 */
export function tenantRecords<R extends { id: string; orgId: string }>(coll: Collection<Stored<R>>, codec: RecordCodec = AS_IS) {
  const fromDoc = ({ _id, ...rest }: Stored<R>): R => codec.fromStored({ id: _id, ...rest }) as unknown as R;
  const byId = (orgId: string, id: string) => ({ _id: id, orgId }) as unknown as Filter<Stored<R>>;
  return {
    fromDoc,
    byId,
    /** Throws `AlreadyStoredError` when `id` is already stored. */
    async insert({ id, ...rest }: R): Promise<void> {
      try {
        await coll.insertOne(codec.toStored({ _id: id, ...rest }) as unknown as OptionalUnlessRequiredId<Stored<R>>);
      } catch (err) {
        await rethrowIfStored(coll, id, err);
      }
    },
    async findById(orgId: string, id: string): Promise<R | null> {
      const doc = await coll.findOne(byId(orgId, id));
      return doc ? fromDoc(doc as Stored<R>) : null;
    },
    async list(orgId: string, page: PageRequest, filter: Filter<Stored<R>> = {}): Promise<Page<R>> {
      const result = await findPage(coll, { ...filter, orgId } as Filter<Stored<R>>, page);
      return { items: result.items.map((d) => fromDoc(d as Stored<R>)), nextCursor: result.nextCursor };
    },
  };
}

import type { Db } from 'mongodb';
import type { TableRunRecord, TableRunStore } from '../../domain/table-runs/table-run-types.ts';
import type { CollectionIndexes } from '../indexes.ts';
import { outboxCollection } from '../outbox/outbox-collection.ts';
import type { OutboxStore } from '../outbox/outbox-store.ts';
import { insertOnce } from '../insert-once.ts';

export const TABLE_RUNS_COLLECTION = 'table_runs';

type TableRunDoc = Omit<TableRunRecord, 'id'> & { _id: string };

export const tableRunIndexes: CollectionIndexes = {
  collection: TABLE_RUNS_COLLECTION,
  indexes: [
    { key: { tableId: 1, _id: 1 }, name: 'table_id' },
    { key: { status: 1, _id: 1 }, name: 'status' },
  ],
};

export function createTableRunsRepo(db: Db, opts: { outbox: OutboxStore }): TableRunStore {
  const staging = outboxCollection<TableRunDoc>({ db, outbox: opts.outbox, name: TABLE_RUNS_COLLECTION });
  const runs = staging.docs;
  const fromDoc = (doc: TableRunDoc): TableRunRecord => {
    const { _id, ...record } = staging.read(doc);
    return { id: _id, ...record };
  };
  return {
    async insert(run) {
      const { id, ...rest } = run;
      await insertOnce(runs, { _id: id, ...rest } as never);
    },
    async findById(orgId, id) {
      const doc = await runs.findOne({ _id: id, orgId });
      return doc ? fromDoc(doc) : null;
    },
    async activate(orgId, id, at) {
      await runs.updateOne({ _id: id, orgId, status: 'building' }, { $set: { status: 'processing', activatedAt: at } });
    },
    async listUnsettled(limit) {
      const docs = await runs
        .find({ status: { $in: ['building', 'processing'] } })
        .sort({ _id: 1 })
        .limit(limit)
        .toArray();
      return docs.map(fromDoc);
    },
    async settle(orgId, id, fields, events) {
      // The terminal state and its staged event are one single-document write.
      const filter = { _id: id, orgId, status: { $in: ['building', 'processing'] } };
      return (await staging.updateOne(filter as never, { $set: fields }, events)).modified;
    },
  };
}

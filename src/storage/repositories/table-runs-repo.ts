import type { Db } from 'mongodb';
import type { TableRunRecord } from '../../domain/batches/batch-types.ts';
import { TABLE_RUNS_SOURCE } from '../../domain/batches/table-run-service.ts';
import type { TableRunStore } from '../../domain/batches/table-run-types.ts';
import type { CollectionIndexes } from '../indexes.ts';
import { insertOnce } from '../insert-once.ts';

type TableRunDoc = Omit<TableRunRecord, 'id'> & { _id: string };

export const tableRunIndexes: CollectionIndexes = {
  collection: TABLE_RUNS_SOURCE,
  indexes: [
    { key: { tableId: 1, _id: 1 }, name: 'table_id' },
    { key: { status: 1, _id: 1 }, name: 'status' },
  ],
};

const fromDoc = ({ _id, ...rest }: TableRunDoc & { _outbox?: unknown }): TableRunRecord => {
  const { _outbox: _ignored, ...record } = rest as typeof rest & { _outbox?: unknown };
  return { id: _id, ...record };
};

export function createTableRunsRepo(db: Db): TableRunStore {
  const runs = db.collection<TableRunDoc>(TABLE_RUNS_SOURCE);
  return {
    async insert(run) {
      const { id, ...rest } = run;
      await insertOnce(runs, { _id: id, ...rest } as never);
    },
    async findById(orgId, id) {
      const doc = await runs.findOne({ _id: id, orgId }, { projection: { _outbox: 0 } });
      return doc ? fromDoc(doc) : null;
    },
    async activate(orgId, id, at) {
      await runs.updateOne({ _id: id, orgId, status: 'building' }, { $set: { status: 'processing', activatedAt: at } });
    },
    async listUnsettled(limit) {
      const docs = await runs
        .find({ status: { $in: ['building', 'processing'] } }, { projection: { _outbox: 0 } })
        .sort({ _id: 1 })
        .limit(limit)
        .toArray();
      return docs.map(fromDoc);
    },
    async settle(orgId, id, fields, extra) {
      // The terminal state and its staged event are one single-document write.
      const res = await runs.updateOne({ _id: id, orgId, status: { $in: ['building', 'processing'] } }, { $set: fields, ...extra });
      return res.modifiedCount === 1;
    },
  };
}

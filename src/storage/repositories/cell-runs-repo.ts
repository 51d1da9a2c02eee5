import type { Db, Filter } from 'mongodb';
import {
  ACTIVE_CELL_RUN,
  emptyTally,
  SUPERSEDED_CELL_RUN,
  type CellRunRecord,
  type CellRunStatus,
  type CellRunStore,
} from '../../domain/table-runs/table-run-types.ts';
import type { CollectionIndexes } from '../indexes.ts';
import { insertNew } from '../insert-new.ts';

export const CELL_RUNS_COLLECTION = 'cell_runs';

type CellRunDoc = Omit<CellRunRecord, 'id'> & { _id: string };

export const cellRunIndexes: CollectionIndexes = {
  collection: CELL_RUNS_COLLECTION,
  indexes: [
    { key: { tableRunId: 1, status: 1 }, name: 'table_run_status' },
    { key: { rowId: 1, columnId: 1 }, name: 'row_column' },
    { key: { tableId: 1, status: 1 }, name: 'table_status' },
  ],
};

const fromDoc = ({ _id, ...rest }: CellRunDoc): CellRunRecord => ({ id: _id, ...rest });

export function createCellRunsRepo(db: Db): CellRunStore {
  const cells = db.collection<CellRunDoc>(CELL_RUNS_COLLECTION);
  const dueFilter = (now: Date): Filter<CellRunDoc> => ({
    $or: [
      { status: 'queued', nextAttemptAt: { $lte: now } },
      { status: 'running', leaseUntil: { $lte: now } },
    ],
  });
  return {
    async insertMany(runs) {
      for (let i = 0; i < runs.length; i += 500) {
        // Already stored under its id: a retry of the request that made it (see insertNew).
        await insertNew(
          cells,
          runs.slice(i, i + 500).map(({ id, ...rest }) => ({ _id: id, ...rest }) as never),
        );
      }
    },
    async supersede(orgId, tableId, rowIds, columnIds, exceptTableRunId) {
      await cells.updateMany(
        { rowId: { $in: rowIds }, tableId, orgId, columnId: { $in: columnIds }, current: true, tableRunId: { $ne: exceptTableRunId } },
        { $set: { current: false } },
      );
    },
    async due(orgId, tableRunId, now, limit) {
      const docs = await cells
        .find({ tableRunId, orgId, ...dueFilter(now) })
        .sort({ _id: 1 })
        .limit(limit)
        .toArray();
      return docs.map(fromDoc);
    },
    async claim(id, now, leaseUntil) {
      const doc = await cells.findOneAndUpdate(
        { _id: id, ...dueFilter(now) },
        { $set: { status: 'running', leaseUntil, updatedAt: now }, $inc: { attempts: 1 } },
        { returnDocument: 'after' },
      );
      return doc ? fromDoc(doc) : null;
    },
    async finish(id, status, error, at) {
      const res = await cells.updateOne({ _id: id, status: 'running' }, { $set: { status, lastError: error, leaseUntil: null, updatedAt: at } });
      return res.modifiedCount === 1;
    },
    async requeue(id, nextAttemptAt, error, at) {
      const res = await cells.updateOne(
        { _id: id, status: 'running' },
        { $set: { status: 'queued', nextAttemptAt, lastError: error, leaseUntil: null, updatedAt: at } },
      );
      return res.modifiedCount === 1;
    },
    async markSuperseded(id, at) {
      await cells.updateOne({ _id: id, status: 'complete' }, { $set: { status: 'cancelled', lastError: SUPERSEDED_CELL_RUN, updatedAt: at } });
    },
    async tally(orgId, tableRunId) {
      const tally = emptyTally();
      const groups = await cells
        .aggregate<{ _id: CellRunStatus; n: number }>([{ $match: { tableRunId, orgId } }, { $group: { _id: '$status', n: { $sum: 1 } } }])
        .toArray();
      for (const g of groups) tally[g._id] = g.n;
      return tally;
    },
    async nextDue(orgId, tableRunId) {
      const active = await cells
        .find({ tableRunId, orgId, status: { $in: ACTIVE_CELL_RUN } }, { projection: { status: 1, nextAttemptAt: 1, leaseUntil: 1 } })
        .toArray();
      if (active.length === 0) return null;
      return new Date(Math.min(...active.map((c) => (c.status === 'queued' ? c.nextAttemptAt : (c.leaseUntil ?? c.nextAttemptAt)).getTime())));
    },
    async cancelActive(orgId, tableId, scope, at) {
      const filter: Filter<CellRunDoc> = { tableId, orgId, status: { $in: ACTIVE_CELL_RUN } };
      if (scope.columnIds) filter.columnId = { $in: scope.columnIds };
      if (scope.rowIds) filter.rowId = { $in: scope.rowIds };
      const runIds = await cells.distinct('tableRunId', filter);
      const res = await cells.updateMany(filter, { $set: { status: 'cancelled', leaseUntil: null, updatedAt: at } });
      return { count: res.modifiedCount, tableRunIds: runIds as string[] };
    },
    async countActive(orgId, tableId, columnIds) {
      const filter: Filter<CellRunDoc> = { tableId, orgId, status: { $in: ACTIVE_CELL_RUN } };
      if (columnIds) filter.columnId = { $in: columnIds };
      return cells.countDocuments(filter);
    },
    async liveness(orgId, tableId) {
      const groups = await cells
        .aggregate<{ _id: { c: string; s: CellRunStatus }; n: number }>([
          { $match: { tableId, orgId, current: true, status: { $in: [...ACTIVE_CELL_RUN, 'errored'] } } },
          { $group: { _id: { c: '$columnId', s: '$status' }, n: { $sum: 1 } } },
        ])
        .toArray();
      return groups.map((g) => ({ columnId: g._id.c, status: g._id.s, count: g.n }));
    },
    async latestForRows(orgId, tableId, rowIds) {
      const docs = await cells.find({ rowId: { $in: rowIds }, tableId, orgId, current: true }).toArray();
      return docs.map(fromDoc);
    },
    async retire(orgId, tableId, rowIds) {
      await cells.updateMany({ rowId: { $in: rowIds }, tableId, orgId, current: true }, { $set: { current: false } });
    },
  };
}

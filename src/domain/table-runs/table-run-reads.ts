import { notFound } from '../errors.ts';
import type { CellLiveness, TableStore } from '../tables/table-types.ts';
import { serializeTableRun } from './table-run-serializers.ts';
import type { CellRunStore, TableRunStore } from './table-run-types.ts';

export interface TableRunReadsDeps {
  tableStore: Pick<TableStore, 'findById'>;
  tableRuns: Pick<TableRunStore, 'findById'>;
  cellRuns: Pick<CellRunStore, 'liveness' | 'latestForRows'>;
}

/** What the API, tables and rows read of table runs and their cell runs; writes nothing. */
export function createTableRunReads(deps: TableRunReadsDeps) {
  return {
    /** The published read: building → processing → complete | failed | cancelled. */
    async get(orgId: string, tableId: string, tableRunId: string) {
      if (!(await deps.tableStore.findById(orgId, tableId))) throw notFound('TABLE_NOT_FOUND', 'Table not found');
      const run = await deps.tableRuns.findById(orgId, tableRunId);
      if (!run || run.tableId !== tableId) throw notFound('RUN_NOT_FOUND', 'Table run not found');
      return serializeTableRun(run);
    },

    async liveness(orgId: string, tableId: string): Promise<CellLiveness> {
      const map: CellLiveness = new Map();
      for (const { columnId, status, count } of await deps.cellRuns.liveness(orgId, tableId)) {
        const entry = map.get(columnId) ?? { running: 0, errored: 0 };
        if (status === 'errored') entry.errored += count;
        else entry.running += count;
        map.set(columnId, entry);
      }
      return map;
    },

    latestForRows: (orgId: string, tableId: string, rowIds: string[]) => deps.cellRuns.latestForRows(orgId, tableId, rowIds),
  };
}

export type TableRunReads = ReturnType<typeof createTableRunReads>;

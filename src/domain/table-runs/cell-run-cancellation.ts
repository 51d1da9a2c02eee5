import { badRequest, notFound } from '../errors.ts';
import type { Clock } from '../shared/clock.ts';
import type { TableStore } from '../tables/table-types.ts';
import type { CellRunStore } from './table-run-types.ts';
import type { TableRunWorker } from './table-run-worker.ts';

export interface CellRunCancellationDeps {
  tableStore: Pick<TableStore, 'findById'>;
  cellRuns: Pick<CellRunStore, 'cancelActive' | 'countActive' | 'retire'>;
  clock: Clock;
  /** Settles the table runs that lost their last active cell. */
  reconcile: TableRunWorker['reconcile'];
}

/** Stopping cell runs: the published stop button, and the cascades of column, table and row deletes. */
export function createCellRunCancellation(deps: CellRunCancellationDeps) {
  const { clock } = deps;

  async function cancel(orgId: string, tableId: string, columnIds: string[] | null): Promise<number> {
    const { count, tableRunIds } = await deps.cellRuns.cancelActive(orgId, tableId, columnIds ? { columnIds } : {}, clock.now());
    for (const id of tableRunIds) await deps.reconcile(orgId, id);
    return count;
  }

  return {
    cancel,

    /** The published "stop" button: by column slugs or the whole table, with a dry run. */
    async cancelTableCells(orgId: string, tableId: string, input: { columns?: string[]; dryRun?: boolean }) {
      const table = await deps.tableStore.findById(orgId, tableId);
      if (!table) throw notFound('TABLE_NOT_FOUND', 'Table not found');
      let columnIds: string[] | null = null;
      if (input.columns) {
        const unknown = input.columns.filter((s) => !table.columns.some((c) => c.slug === s));
        if (unknown.length > 0)
          throw badRequest('UNKNOWN_COLUMN', `No column with the slug ${unknown.map((s) => `"${s}"`).join(', ')} in this table`, { columns: unknown });
        columnIds = table.columns.filter((c) => input.columns?.includes(c.slug)).map((c) => c.id);
      }
      if (input.dryRun) {
        return { dryRun: true, tableId, activeCells: await deps.cellRuns.countActive(orgId, tableId, columnIds), activeLeadSourceJobs: 0 };
      }
      const cancelledCells = await cancel(orgId, tableId, columnIds);
      return { tableId, cancelledCells, cancelledLeadSourceJobs: 0 };
    },

    async detachRows(orgId: string, tableId: string, rowIds: string[]): Promise<void> {
      const { tableRunIds } = await deps.cellRuns.cancelActive(orgId, tableId, { rowIds }, clock.now());
      await deps.cellRuns.retire(orgId, tableId, rowIds);
      for (const id of tableRunIds) await deps.reconcile(orgId, id);
    },
  };
}

export type CellRunCancellation = ReturnType<typeof createCellRunCancellation>;

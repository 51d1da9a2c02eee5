import type { RowStore } from '../rows/row-types.ts';
import type { Clock } from '../shared/clock.ts';
import type { IdGenerator } from '../shared/ids.ts';
import type { TableRecord } from '../tables/table-types.ts';
import type { CellRunRecord, CellRunStore, TableRunStore } from './table-run-types.ts';
import type { TableRunWorker } from './table-run-worker.ts';

export interface TableRunRecorderDeps {
  rows: Pick<RowStore, 'ownCells'>;
  tableRuns: Pick<TableRunStore, 'insert' | 'activate'>;
  cellRuns: Pick<CellRunStore, 'supersede' | 'insertMany'>;
  ids: IdGenerator;
  clock: Clock;
  /** Asks the scheduler to process the run now. */
  schedule(orgId: string, tableRunId: string): Promise<void>;
  /** Settles a run with nothing to do at once. */
  reconcile: TableRunWorker['reconcile'];
  /** Makes sure the recovery sweep is scheduled (idempotent). */
  ensureSweep?: () => Promise<unknown>;
}

/** The upsert's side of a table run: opened before its rows are written, started after. */
export function createTableRunRecorder(deps: TableRunRecorderDeps) {
  const { clock } = deps;
  return {
    async open(orgId: string, table: TableRecord, enrichmentRunId: string): Promise<string | null> {
      if (!table.columns.some((c) => c.kind === 'enrichment')) return null;
      await deps.ensureSweep?.();
      const id = deps.ids.uuid();
      await deps.tableRuns.insert({
        id,
        orgId,
        tableId: table.id,
        enrichmentRunId,
        source: 'api',
        status: 'building',
        createdAt: clock.now(),
        activatedAt: null,
        completedAt: null,
        failureReason: null,
        counts: null,
      });
      return id;
    },

    async start(orgId: string, table: TableRecord, tableRunId: string, rowIds: string[]): Promise<void> {
      const columns = table.columns.filter((c) => c.kind === 'enrichment');
      const now = clock.now();
      if (rowIds.length > 0 && columns.length > 0) {
        // Ownership moves before the new cell runs exist, so they always find it theirs; an
        // older run still in flight loses the cell from here on.
        const columnIds = columns.map((c) => c.id);
        await deps.rows.ownCells(orgId, table.id, rowIds, columnIds, tableRunId);
        await deps.cellRuns.supersede(orgId, table.id, rowIds, columnIds, tableRunId);
        const cells: CellRunRecord[] = rowIds.flatMap((rowId) =>
          columns.map((c) => ({
            id: deps.ids.uuid(),
            orgId,
            tableId: table.id,
            rowId,
            columnId: c.id,
            tableRunId,
            status: 'queued' as const,
            current: true,
            attempts: 0,
            nextAttemptAt: now,
            leaseUntil: null,
            lastError: null,
            createdAt: now,
            updatedAt: now,
          })),
        );
        await deps.cellRuns.insertMany(cells);
      }
      await deps.tableRuns.activate(orgId, tableRunId, now);
      if (rowIds.length === 0 || columns.length === 0) await deps.reconcile(orgId, tableRunId);
      else await deps.schedule(orgId, tableRunId);
    },
  };
}

export type TableRunRecorder = ReturnType<typeof createTableRunRecorder>;

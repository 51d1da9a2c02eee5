import type { Outbox } from '../../events/outbox.ts';
import type { OutboundClient } from '../../outbound/http-client.ts';
import type { EnrichmentRunStore } from '../enrichment-runs/enrichment-run-types.ts';
import type { RowStore } from '../rows/row-types.ts';
import type { Clock } from '../shared/clock.ts';
import { DEFAULT_ENRICHMENT_TIMEOUT_MS, type TableRecord, type TableStore } from '../tables/table-types.ts';
import { callEnrichment } from './enrichment-call.ts';
import { tableRunCompletedData } from './table-run-serializers.ts';
import {
  SUPERSEDED_CELL_RUN,
  TERMINAL_TABLE_RUN,
  type CellRunRecord,
  type CellRunStore,
  type TableRunRecord,
  type TableRunStatus,
  type TableRunStore,
} from './table-run-types.ts';

export interface TableRunWorkerDeps {
  tableStore: Pick<TableStore, 'findById'>;
  rows: Pick<RowStore, 'findById' | 'setOwnedCell'>;
  tableRuns: TableRunStore;
  cellRuns: CellRunStore;
  enrichmentRuns: EnrichmentRunStore;
  outbox: Outbox;
  outbound: OutboundClient;
  clock: Clock;
  /** Seconds before each retry; attempts = retries + 1. */
  retrySeconds: number[];
  /** Asks the scheduler to process the run at `at` (now when omitted). */
  schedule(orgId: string, tableRunId: string, at?: Date): Promise<void>;
  concurrency?: number;
  /** A run still `building` this long after it was opened lost its writer. */
  buildingTimeoutMs?: number;
}

/**
 * The background side of table runs: runs due cells against their enrichment endpoints,
 * settles a run once none of its cells is active (emitting `table.run.completed`), and
 * recovers runs a crash left behind.
 */
export function createTableRunWorker(deps: TableRunWorkerDeps) {
  const { clock } = deps;
  const concurrency = deps.concurrency ?? 8;
  // A claimed cell is the claimer's for its call's timeout plus this margin; past that
  // the claimer is presumed dead (killed mid-call) and the cell due again.
  const leaseMarginMs = 5_000;

  async function settle(run: TableRunRecord, failureReason: string | null = null): Promise<void> {
    const tally = await deps.cellRuns.tally(run.orgId, run.id);
    const counts = { complete: tally.complete, errored: tally.errored, cancelled: tally.cancelled };
    const status: TableRunStatus = failureReason ? 'failed' : tally.cancelled > 0 ? 'cancelled' : 'complete';
    const completedAt = clock.now();
    const settled: TableRunRecord = { ...run, status, counts, completedAt, failureReason };
    const event = deps.outbox.stage({
      type: 'table.run.completed',
      orgId: run.orgId,
      orderingKey: `table_run:${run.id}`,
      data: tableRunCompletedData(settled),
      occurredAt: completedAt,
    });
    if (!(await deps.tableRuns.settle(run.orgId, run.id, { status, counts, completedAt, failureReason }, [event]))) return;
    await deps.enrichmentRuns.settle(run.orgId, run.enrichmentRunId, status, completedAt);
  }

  /** Settles the run once none of its cells is active; otherwise makes sure it is scheduled. */
  async function reconcile(orgId: string, tableRunId: string): Promise<void> {
    const run = await deps.tableRuns.findById(orgId, tableRunId);
    if (!run || TERMINAL_TABLE_RUN.includes(run.status) || run.status === 'building') return;
    const next = await deps.cellRuns.nextDue(orgId, tableRunId);
    if (next === null) await settle(run);
    else await deps.schedule(orgId, tableRunId, next);
  }

  async function runCell(table: TableRecord, cell: CellRunRecord): Promise<void> {
    const now = clock.now();
    const column = table.columns.find((c) => c.id === cell.columnId);
    const leaseMs = (column?.enrichment?.timeoutMs ?? DEFAULT_ENRICHMENT_TIMEOUT_MS) + leaseMarginMs;
    const claimed = await deps.cellRuns.claim(cell.id, now, new Date(now.getTime() + leaseMs));
    if (!claimed) return;
    const row = await deps.rows.findById(claimed.orgId, claimed.tableId, claimed.rowId);
    if (!column || !row) {
      // The work it was for is gone: that is a cancellation, not a failure to surface.
      await deps.cellRuns.finish(claimed.id, 'cancelled', !column ? 'the column was deleted' : 'the row was deleted', clock.now());
      return;
    }
    const owner = row.cellRunOwners?.[claimed.columnId];
    if (owner !== undefined && owner !== claimed.tableRunId) {
      await deps.cellRuns.finish(claimed.id, 'cancelled', SUPERSEDED_CELL_RUN, clock.now());
      return;
    }
    const result = await callEnrichment(deps.outbound, { table, column, row, cell: claimed, nowSeconds: Math.floor(clock.now().getTime() / 1000) });
    const at = clock.now();
    if (result.ok) {
      // Settle first: a cell cancelled while its call was in flight keeps its old value. Then
      // write only if this run still owns the cell: a newer run started meanwhile wins.
      if (!(await deps.cellRuns.finish(claimed.id, 'complete', null, at))) return;
      const { orgId, tableId, rowId, columnId, tableRunId } = claimed;
      if (!(await deps.rows.setOwnedCell(orgId, tableId, rowId, columnId, tableRunId, result.value, at))) {
        await deps.cellRuns.markSuperseded(claimed.id, clock.now());
      }
      return;
    }
    const delay = deps.retrySeconds[claimed.attempts - 1];
    if (result.retryable && delay !== undefined) await deps.cellRuns.requeue(claimed.id, new Date(at.getTime() + delay * 1000), result.error, at);
    else await deps.cellRuns.finish(claimed.id, 'errored', result.error, at);
  }

  async function runCells(table: TableRecord, cells: CellRunRecord[]): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (next < cells.length) await runCell(table, cells[next++]);
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, cells.length) }, worker));
  }

  return {
    reconcile,

    /** One pass of the background job: runs every due cell, then settles or reschedules. */
    async process(orgId: string, tableRunId: string): Promise<void> {
      const run = await deps.tableRuns.findById(orgId, tableRunId);
      if (!run || run.status !== 'processing') return;
      const table = await deps.tableStore.findById(orgId, run.tableId);
      if (!table) {
        // Deleting a table cancels its runs: the request that deleted it settles the run
        // the same way, so whichever gets there first, the outcome is `cancelled`.
        await deps.cellRuns.cancelActive(orgId, run.tableId, {}, clock.now());
        await settle(run);
        return;
      }
      for (;;) {
        const due = await deps.cellRuns.due(orgId, tableRunId, clock.now(), 64);
        if (due.length === 0) break;
        await runCells(table, due);
      }
      await reconcile(orgId, tableRunId);
    },

    /**
     * Recovery after a crash: a processing run whose job was lost is scheduled again (or
     * settled), and a run whose upsert never finished writing its rows is settled as failed
     * (with the published reason "the batch did not finish writing").
     */
    async sweep(): Promise<number> {
      const now = clock.now().getTime();
      const limitMs = deps.buildingTimeoutMs ?? 10 * 60_000;
      let touched = 0;
      for (const run of await deps.tableRuns.listUnsettled(500)) {
        if (run.status === 'processing') await reconcile(run.orgId, run.id);
        else if (now - run.createdAt.getTime() > limitMs) await settle(run, 'the batch did not finish writing');
        else continue;
        touched += 1;
      }
      return touched;
    },
  };
}

export type TableRunWorker = ReturnType<typeof createTableRunWorker>;

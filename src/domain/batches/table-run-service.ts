import type { Outbox } from '../../events/outbox.ts';
import type { OutboundClient } from '../../outbound/http-client.ts';
import { badRequest, notFound } from '../errors.ts';
import type { RowStore } from '../rows/row-types.ts';
import type { Clock } from '../shared/clock.ts';
import type { IdGenerator } from '../shared/ids.ts';
import { DEFAULT_ENRICHMENT_TIMEOUT_MS, LEAD_COUNT_QUIET_MS, type CellLiveness, type TableRecord, type TableStore } from '../tables/table-types.ts';
import {
  SUPERSEDED_CELL_RUN,
  TERMINAL_TABLE_RUN,
  type CellRunRecord,
  type EnrichmentRunStore,
  type TableRunRecord,
  type TableRunStatus,
} from './batch-types.ts';
import { serializeTableRun, tableRunCompletedData } from './batch-serializers.ts';
import { callEnrichment } from './enrichment-call.ts';
import type { CellRunStore, TableRunStore } from './table-run-types.ts';

export const TABLE_RUNS_SOURCE = 'table_runs';

export interface TableRunServiceDeps {
  tableStore: TableStore;
  rows: RowStore;
  runs: TableRunStore;
  cellRuns: CellRunStore;
  enrichmentRuns: EnrichmentRunStore;
  outbox: Outbox;
  outbound: OutboundClient;
  ids: IdGenerator;
  clock: Clock;
  /** Seconds before each retry; attempts = retries + 1. */
  retrySeconds: number[];
  /** Asks the scheduler to process the run at `at` (now when omitted). */
  schedule(orgId: string, tableRunId: string, at?: Date): Promise<void>;
  /** Makes sure the recovery sweep is scheduled (idempotent). */
  ensureSweep?: () => Promise<unknown>;
  concurrency?: number;
  /** A run still `building` this long after it was opened lost its writer. */
  buildingTimeoutMs?: number;
  /** A table marked stale this long ago has no live writer left; its lead count is recounted. */
  leadCountQuietMs?: number;
}

export function createTableRunService(deps: TableRunServiceDeps) {
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
    if (!(await deps.runs.settle(run.orgId, run.id, { status, counts, completedAt, failureReason }, [event]))) return;
    await deps.enrichmentRuns.settle(run.orgId, run.enrichmentRunId, status, completedAt);
  }

  /** Settles the run once none of its cells is active; otherwise makes sure it is scheduled. */
  async function reconcile(orgId: string, tableRunId: string): Promise<void> {
    const run = await deps.runs.findById(orgId, tableRunId);
    if (!run || TERMINAL_TABLE_RUN.includes(run.status) || run.status === 'building') return;
    const next = await deps.cellRuns.nextDue(orgId, tableRunId);
    if (next === null) await settle(run);
    else await deps.schedule(orgId, tableRunId, next);
  }

  async function cancel(orgId: string, tableId: string, columnIds: string[] | null): Promise<number> {
    const { count, tableRunIds } = await deps.cellRuns.cancelActive(orgId, tableId, columnIds ? { columnIds } : {}, clock.now());
    for (const id of tableRunIds) await reconcile(orgId, id);
    return count;
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

  /**
   * Why a recount in the sweep rather than counting rows on every read: a count over
   * 100k rows costs ~120 ms on the embedded server per table, which getTable and
   * listTables would pay on every call. The counter stays; a write marks the table stale
   * before touching rows, and once no write has marked it for `leadCountQuietMs` (so no
   * writer can still be between its row write and its $inc) the rows are counted and the
   * value is set by a compare-and-set on the mark, which a newer write's mark defeats.
   */
  async function recountLeadCounts(): Promise<number> {
    const before = new Date(clock.now().getTime() - (deps.leadCountQuietMs ?? LEAD_COUNT_QUIET_MS));
    let corrected = 0;
    for (const t of await deps.tableStore.staleLeadCounts(before, 100)) {
      const count = await deps.rows.count(t.orgId, t.id, { conditions: [], sort: null });
      if (await deps.tableStore.correctLeadCount(t.orgId, t.id, t.since, count)) corrected += 1;
    }
    return corrected;
  }

  async function runBatch(table: TableRecord, cells: CellRunRecord[]): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (next < cells.length) await runCell(table, cells[next++]);
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, cells.length) }, worker));
  }

  return {
    /** The published read: building → processing → complete | failed | cancelled. */
    async get(orgId: string, tableId: string, tableRunId: string) {
      if (!(await deps.tableStore.findById(orgId, tableId))) throw notFound('TABLE_NOT_FOUND', 'Table not found');
      const run = await deps.runs.findById(orgId, tableRunId);
      if (!run || run.tableId !== tableId) throw notFound('RUN_NOT_FOUND', 'Table run not found');
      return serializeTableRun(run);
    },

    async open(orgId: string, table: TableRecord, enrichmentRunId: string): Promise<string | null> {
      if (!table.columns.some((c) => c.kind === 'enrichment')) return null;
      await deps.ensureSweep?.();
      const id = deps.ids.uuid();
      await deps.runs.insert({
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
        await deps.rows.ownCells(
          orgId,
          table.id,
          rowIds,
          columns.map((c) => c.id),
          tableRunId,
        );
        await deps.cellRuns.supersede(
          orgId,
          table.id,
          rowIds,
          columns.map((c) => c.id),
          tableRunId,
        );
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
      await deps.runs.activate(orgId, tableRunId, now);
      if (rowIds.length === 0 || columns.length === 0) await reconcile(orgId, tableRunId);
      else await deps.schedule(orgId, tableRunId);
    },

    /** One pass of the background job: runs every due cell, then settles or reschedules. */
    async process(orgId: string, tableRunId: string): Promise<void> {
      const run = await deps.runs.findById(orgId, tableRunId);
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
        await runBatch(table, due);
      }
      await reconcile(orgId, tableRunId);
    },

    /**
     * Recovery after a crash: a processing run whose job was lost is scheduled again (or
     * settled), and a run whose batch never finished writing is settled as failed.
     */
    async sweep(): Promise<number> {
      const now = clock.now().getTime();
      const limitMs = deps.buildingTimeoutMs ?? 10 * 60_000;
      let touched = 0;
      for (const run of await deps.runs.listUnsettled(500)) {
        if (run.status === 'processing') await reconcile(run.orgId, run.id);
        else if (now - run.createdAt.getTime() > limitMs) await settle(run, 'the batch did not finish writing');
        else continue;
        touched += 1;
      }
      return touched + (await recountLeadCounts());
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

    latestForRows: (orgId: string, tableId: string, rowIds: string[]) => deps.cellRuns.latestForRows(orgId, tableId, rowIds),

    async detachRows(orgId: string, tableId: string, rowIds: string[]): Promise<void> {
      const { tableRunIds } = await deps.cellRuns.cancelActive(orgId, tableId, { rowIds }, clock.now());
      await deps.cellRuns.retire(orgId, tableId, rowIds);
      for (const id of tableRunIds) await reconcile(orgId, id);
    },
  };
}

export type TableRunService = ReturnType<typeof createTableRunService>;

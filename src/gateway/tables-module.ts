import { servicesOnly, type ModuleDeps } from './module-deps.ts';
import { createEnrichmentRunService } from '../domain/enrichment-runs/enrichment-run-service.ts';
import { createCellRunCancellation } from '../domain/table-runs/cell-run-cancellation.ts';
import { createTableRunReads } from '../domain/table-runs/table-run-reads.ts';
import { createTableRunRecorder } from '../domain/table-runs/table-run-recorder.ts';
import { createTableRunWorker } from '../domain/table-runs/table-run-worker.ts';
import { createLeadCountRecounter } from '../domain/tables/lead-count-recount.ts';
import { createRowService } from '../domain/rows/row-service.ts';
import { createUpsertRows } from '../domain/rows/upsert-rows.ts';
import { createTableService } from '../domain/tables/table-service.ts';
import { createLeadCounter } from '../domain/tables/lead-counter.ts';
import type { OutboundClient } from '../outbound/http-client.ts';
import { agendaTableRunScheduler, defineTableRunJobs, tableRunSweepScheduler } from '../jobs/table-run-jobs.ts';
import { createCellRunsRepo } from '../storage/repositories/cell-runs-repo.ts';
import { createEnrichmentRunsRepo } from '../storage/repositories/enrichment-runs-repo.ts';
import { createRowsRepo } from '../storage/repositories/rows-repo.ts';
import { createTableRunsRepo } from '../storage/repositories/table-runs-repo.ts';
import { createTableStatsRepo } from '../storage/repositories/table-stats-repo.ts';
import { createTablesRepo } from '../storage/repositories/tables-repo.ts';
import { generateSecret } from '../outbound/signing.ts';

/**
 * Tables, rows, enrichment runs and table runs, wired on their repositories. Nothing to
 * start: the table-run sweep is scheduled by the first write that needs it.
 */
export function createTablesModule(deps: ModuleDeps & { /** Enrichment calls go out through it. */ outbound: OutboundClient }) {
  const tableStore = createTablesRepo(deps.db, { secrets: deps.secrets });
  const rowStore = createRowsRepo(deps.db);
  const enrichmentRunStore = createEnrichmentRunsRepo(deps.db);
  const cellRuns = createCellRunsRepo(deps.db);
  const tableRunStore = createTableRunsRepo(deps.db, { outbox: deps.outbox });
  const ensureSweep = tableRunSweepScheduler(deps.scheduler, deps.config.tableRunSweepMs);
  const leadCount = createLeadCounter({ store: tableStore, clock: deps.clock, ensureSweep });
  const schedule = agendaTableRunScheduler(deps.scheduler);
  const tableRunWorker = createTableRunWorker({
    tableStore,
    rows: rowStore,
    tableRuns: tableRunStore,
    cellRuns,
    enrichmentRuns: enrichmentRunStore,
    outbox: deps.outbox,
    outbound: deps.outbound,
    clock: deps.clock,
    retrySeconds: deps.config.enrichmentRetrySeconds,
    schedule,
  });
  const { reconcile } = tableRunWorker;
  const tableRunRecorder = createTableRunRecorder({
    rows: rowStore,
    tableRuns: tableRunStore,
    cellRuns,
    ids: deps.ids,
    clock: deps.clock,
    schedule,
    reconcile,
    ensureSweep,
  });
  const tableRunReads = createTableRunReads({ tableStore, tableRuns: tableRunStore, cellRuns });
  const cellRunCancellation = createCellRunCancellation({ tableStore, cellRuns, clock: deps.clock, reconcile });
  const leadCountRecounter = createLeadCountRecounter({ tableStore, rows: rowStore, clock: deps.clock });
  defineTableRunJobs({ scheduler: deps.scheduler, worker: tableRunWorker, leadCountRecounter, logger: deps.logger });
  const tables = createTableService({
    store: tableStore,
    activity: { liveness: tableRunReads.liveness, cancel: cellRunCancellation.cancel },
    ids: deps.ids,
    clock: deps.clock,
    publicUrl: deps.config.publicUrl,
    generateSecret: () => generateSecret(),
    allowPrivateNetwork: deps.config.allowPrivateNetwork,
    stats: createTableStatsRepo(deps.db),
  });
  const rows = createRowService({
    tables,
    store: rowStore,
    cellRuns: { latestForRows: tableRunReads.latestForRows, detachRows: cellRunCancellation.detachRows },
    clock: deps.clock,
    leadCount,
  });
  const upsertRows = createUpsertRows({
    tables,
    rows: rowStore,
    enrichmentRuns: enrichmentRunStore,
    leadCount,
    enrichment: tableRunRecorder,
    ids: deps.ids,
    clock: deps.clock,
  });
  const enrichmentRuns = createEnrichmentRunService({ store: enrichmentRunStore, cellRuns, tables });
  return servicesOnly({ tables, rows, upsertRows, enrichmentRuns, tableRunReads, tableRunWorker, cellRunCancellation, leadCountRecounter });
}

export type TableServices = ReturnType<typeof createTablesModule>['services'];

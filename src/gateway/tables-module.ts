import { servicesOnly, type ModuleDeps } from './module-deps.ts';
import { createEnrichmentRunService } from '../domain/batches/enrichment-run-service.ts';
import { createTableRunService, TABLE_RUNS_SOURCE } from '../domain/batches/table-run-service.ts';
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
 * Tables, rows, upsert batches and table runs, wired on their repositories. Nothing to
 * start: the table-run sweep is scheduled by the first write that needs it.
 */
export function createTablesModule(deps: ModuleDeps & { /** Enrichment calls go out through it. */ outbound: OutboundClient }) {
  const tableStore = createTablesRepo(deps.db, { secrets: deps.secrets });
  const rowStore = createRowsRepo(deps.db);
  const enrichmentRunStore = createEnrichmentRunsRepo(deps.db);
  const cellRuns = createCellRunsRepo(deps.db);
  const ensureSweep = tableRunSweepScheduler(deps.scheduler, deps.config.tableRunSweepMs);
  const leadCount = createLeadCounter({ store: tableStore, clock: deps.clock, ensureSweep });
  const tableRuns = createTableRunService({
    tableStore,
    rows: rowStore,
    runs: createTableRunsRepo(deps.db),
    cellRuns,
    enrichmentRuns: enrichmentRunStore,
    outbox: deps.outbox,
    outbound: deps.outbound,
    ids: deps.ids,
    clock: deps.clock,
    retrySeconds: deps.config.enrichmentRetrySeconds,
    schedule: agendaTableRunScheduler(deps.scheduler),
    ensureSweep,
  });
  deps.outbox.registerSource(TABLE_RUNS_SOURCE);
  defineTableRunJobs({ scheduler: deps.scheduler, tableRuns, logger: deps.logger });
  const tables = createTableService({
    store: tableStore,
    activity: tableRuns,
    ids: deps.ids,
    clock: deps.clock,
    publicUrl: deps.config.publicUrl,
    generateSecret: () => generateSecret(),
    allowPrivateNetwork: deps.config.allowPrivateNetwork,
    stats: createTableStatsRepo(deps.db),
  });
  const rows = createRowService({ tables, store: rowStore, cellRuns: tableRuns, clock: deps.clock, leadCount });
  const upsertRows = createUpsertRows({
    tables,
    rows: rowStore,
    runs: enrichmentRunStore,
    leadCount,
    enrichment: tableRuns,
    ids: deps.ids,
    clock: deps.clock,
  });
  const enrichmentRuns = createEnrichmentRunService({ store: enrichmentRunStore, cellRuns, tables });
  return servicesOnly({ tables, rows, upsertRows, enrichmentRuns, tableRuns });
}

export type TableServices = ReturnType<typeof createTablesModule>['services'];

import type { ModuleDeps } from './module-deps.ts';
import { createEnrichmentRunService } from '../domain/batches/enrichment-run-service.ts';
import { createTableRunService } from '../domain/batches/table-run-service.ts';
import { createRowService } from '../domain/rows/row-service.ts';
import { createUpsertRows } from '../domain/rows/upsert-rows.ts';
import { createTableService } from '../domain/tables/table-service.ts';
import { LEAD_COUNT_QUIET_MS, type TableRecord } from '../domain/tables/table-types.ts';
import { agendaTableRunScheduler, defineTableRunJobs, tableRunSweepScheduler } from '../jobs/table-run-jobs.ts';
import { createOutboundClient } from '../outbound/http-client.ts';
import { createCellRunsRepo } from '../storage/repositories/cell-runs-repo.ts';
import { createEnrichmentRunsRepo } from '../storage/repositories/enrichment-runs-repo.ts';
import { createRowsRepo } from '../storage/repositories/rows-repo.ts';
import { createTableRunsRepo } from '../storage/repositories/table-runs-repo.ts';
import { createTableStatsRepo } from '../storage/repositories/table-stats-repo.ts';
import { createTablesRepo } from '../storage/repositories/tables-repo.ts';
import { generateSecret } from '../outbound/signing.ts';

/** Tables, rows, upsert batches and table runs, wired on their repositories. */
export function createTableServices(deps: ModuleDeps) {
  const tableStore = createTablesRepo(deps.db, { secrets: deps.secrets });
  const rowStore = createRowsRepo(deps.db);
  const enrichmentRunStore = createEnrichmentRunsRepo(deps.db);
  const cellRuns = createCellRunsRepo(deps.db);
  const ensureSweep = tableRunSweepScheduler(deps.scheduler, deps.config.tableRunSweepMs);
  // The sweep also recounts lead counts a crash left stale, so a row write makes sure it runs.
  const leadCount = {
    // A mark younger than half the quiet window already keeps the sweep away until this
    // write has long finished, so busy tables do not pay one more write per request.
    async willChange(table: Pick<TableRecord, 'orgId' | 'id' | 'leadCountStaleSince'>) {
      const now = deps.clock.now();
      if (table.leadCountStaleSince && now.getTime() - table.leadCountStaleSince.getTime() < LEAD_COUNT_QUIET_MS / 2) return;
      await tableStore.markLeadCountStale(table.orgId, table.id, now);
      await ensureSweep();
    },
    adjust: tableStore.incrementLeadCount,
  };
  const tableRuns = createTableRunService({
    tableStore,
    rows: rowStore,
    runs: createTableRunsRepo(deps.db, { outbox: deps.outbox }),
    cellRuns,
    enrichmentRuns: enrichmentRunStore,
    outbox: deps.outbox,
    outbound: createOutboundClient({ allowPrivateNetwork: deps.config.allowPrivateNetwork, lookup: deps.hostLookup }),
    ids: deps.ids,
    clock: deps.clock,
    retrySeconds: deps.config.enrichmentRetrySeconds,
    schedule: agendaTableRunScheduler(deps.scheduler),
    ensureSweep,
  });
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
  return { tables, rows, upsertRows, enrichmentRuns, tableRuns };
}

export type TableServices = ReturnType<typeof createTableServices>;

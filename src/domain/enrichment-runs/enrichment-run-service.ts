import { notFound } from '../errors.ts';
import type { TableService } from '../tables/table-service.ts';
import { emptyTally, type CellRunStore } from '../table-runs/table-run-types.ts';
import type { EnrichmentRunStore } from './enrichment-run-types.ts';
import { serializeEnrichmentRun, serializeEnrichmentRunDetail } from './enrichment-run-serializers.ts';

export function createEnrichmentRunService(deps: { store: EnrichmentRunStore; cellRuns: Pick<CellRunStore, 'tally'>; tables: Pick<TableService, 'require'> }) {
  async function list(orgId: string, filter: { tableId?: string }, page: { limit: number; cursor?: string }) {
    const result = await deps.store.list(orgId, filter, page);
    return { items: result.items.map(serializeEnrichmentRun), nextCursor: result.nextCursor };
  }
  return {
    list,
    async listForTable(orgId: string, tableId: string, page: { limit: number; cursor?: string }) {
      await deps.tables.require(orgId, tableId);
      return list(orgId, { tableId }, page);
    },
    async get(orgId: string, runId: string) {
      const run = await deps.store.findById(orgId, runId);
      // A claim whose rows are still being written is not a run a client can see yet.
      if (!run || run.phase !== 'written') throw notFound('BATCH_NOT_FOUND', 'Enrichment run not found');
      const tally = run.tableRunId ? await deps.cellRuns.tally(orgId, run.tableRunId) : emptyTally();
      return serializeEnrichmentRunDetail(run, tally);
    },
  };
}

export type EnrichmentRunService = ReturnType<typeof createEnrichmentRunService>;

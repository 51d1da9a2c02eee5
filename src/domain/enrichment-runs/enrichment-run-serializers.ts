import type { CellRunTally } from '../table-runs/table-run-types.ts';
import type { EnrichmentRunRecord } from './enrichment-run-types.ts';

export function serializeEnrichmentRun(run: EnrichmentRunRecord) {
  return {
    object: 'enrichment_run' as const,
    id: run.id,
    batchId: run.id,
    tableId: run.tableId,
    type: run.type,
    status: run.status,
    createdAt: run.createdAt.toISOString(),
    completedAt: run.completedAt?.toISOString() ?? null,
    tableRunId: run.tableRunId,
  };
}

export function serializeEnrichmentRunDetail(run: EnrichmentRunRecord, tally: CellRunTally) {
  return {
    ...serializeEnrichmentRun(run),
    rowCount: run.outcomes.length,
    enrichments: {
      total: tally.queued + tally.running + tally.complete + tally.errored + tally.cancelled,
      completed: tally.complete,
      pending: tally.queued + tally.running,
      failed: tally.errored,
    },
    creditsUsed: 0,
    outcomes: run.outcomes,
    outcomeCounts: run.outcomeCounts,
  };
}

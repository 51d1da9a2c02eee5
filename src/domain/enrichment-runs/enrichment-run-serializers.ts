import type { CellRunStatus, EnrichmentRunRecord, TableRunRecord } from './batch-types.ts';

export type CellRunTally = Record<CellRunStatus, number>;
export const emptyTally = (): CellRunTally => ({ queued: 0, running: 0, complete: 0, errored: 0, cancelled: 0 });

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

export function serializeTableRun(run: TableRunRecord) {
  return {
    object: 'table_run' as const,
    id: run.id,
    tableId: run.tableId,
    enrichmentRunId: run.enrichmentRunId,
    source: run.source,
    status: run.status,
    createdAt: run.createdAt.toISOString(),
    activatedAt: run.activatedAt?.toISOString() ?? null,
    completedAt: run.completedAt?.toISOString() ?? null,
    failureReason: run.failureReason,
    counts: run.counts,
  };
}

/**
 * `table.run.completed` data, in the published webhook's snake_case shape. The gateway
 * has no workspaces; the organization is the only container a table lives in, so it
 * stands in for the uuid receivers expect in `workspace_id`.
 */
export function tableRunCompletedData(run: TableRunRecord) {
  return {
    run_id: run.id,
    table_id: run.tableId,
    workspace_id: run.orgId,
    organization_id: run.orgId,
    source: run.source,
    status: run.status,
    failure_reason: run.failureReason,
    created_at: run.createdAt.toISOString(),
    completed_at: (run.completedAt ?? new Date()).toISOString(),
    counts: run.counts ?? { complete: 0, errored: 0, cancelled: 0 },
  };
}

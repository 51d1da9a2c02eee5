import type { TableRunRecord } from './table-run-types.ts';

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

import type { EnrichmentRunService } from '../../domain/enrichment-runs/enrichment-run-service.ts';
import { listEnvelope, ok, type HandlerMap } from '../handler-types.ts';

// The published `/batches` paths are a deprecated alias of `/enrichment-runs`; both
// answer from the same calls; the code calls them enrichment runs only.
export function enrichmentRunRoutes(deps: { enrichmentRuns: EnrichmentRunService }): HandlerMap {
  const { enrichmentRuns } = deps;
  const list = async ({ auth, query, path }: { auth: { orgId: string }; query: { limit?: number; cursor?: string; tableId?: string }; path: string }) =>
    ok(listEnvelope(path, await enrichmentRuns.list(auth.orgId, { tableId: query.tableId }, { limit: query.limit ?? 50, cursor: query.cursor })));
  return {
    listEnrichmentRuns: list,
    listBatches: list,
    getEnrichmentRun: async ({ auth, params }) => ok(await enrichmentRuns.get(auth.orgId, params.runId)),
    getBatch: async ({ auth, params }) => ok(await enrichmentRuns.get(auth.orgId, params.batchId)),
    listTableEnrichmentRuns: async ({ auth, params, query, path }) =>
      ok(listEnvelope(path, await enrichmentRuns.listForTable(auth.orgId, params.tableId, { limit: query.limit ?? 50, cursor: query.cursor }))),
  };
}

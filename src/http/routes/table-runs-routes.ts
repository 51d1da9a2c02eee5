import type { TableRunReads } from '../../domain/table-runs/table-run-reads.ts';
import { ok, type HandlerMap } from '../handler-types.ts';

export function tableRunRoutes(deps: { tableRunReads: Pick<TableRunReads, 'get'> }): HandlerMap {
  return {
    getTableRun: async ({ auth, params }) => ok(await deps.tableRunReads.get(auth.orgId, params.tableId, params.runId)),
  };
}

import type { AgentService } from '../../domain/agents/agent-service.ts';
import type { TableService } from '../../domain/tables/table-service.ts';
import { created, includes, listEnvelope, ok, type HandlerMap } from '../handler-types.ts';

export function tableRoutes(deps: { tables: TableService; agents: Pick<AgentService, 'tablesInWorkspace'> }): HandlerMap {
  const { tables } = deps;
  return {
    listTables: async ({ auth, query, path }) => {
      if (!query.workspaceId) return ok(listEnvelope(path, await tables.list(auth.orgId, { limit: query.limit ?? 50, cursor: query.cursor })));
      // A container holds at most an agent's 50 focus tables: one page.
      const items = await deps.agents.tablesInWorkspace(auth.orgId, query.workspaceId);
      return ok(listEnvelope(path, { items: items.slice(0, query.limit ?? 50), nextCursor: null }));
    },
    createTable: async ({ auth, body }) => created(await tables.create(auth.orgId, body)),
    getTable: async ({ auth, params, query }) => ok(await tables.get(auth.orgId, params.tableId, { stats: includes(query.include, 'stats') })),
    updateTable: async ({ auth, params, body }) => ok(await tables.rename(auth.orgId, params.tableId, body.name)),
    deleteTable: async ({ auth, params }) => ok(await tables.remove(auth.orgId, params.tableId)),
    listColumns: async ({ auth, params, path }) => ok(listEnvelope(path, await tables.listColumns(auth.orgId, params.tableId))),
    createColumn: async ({ auth, params, body }) => created(await tables.addColumn(auth.orgId, params.tableId, body)),
    updateColumn: async ({ auth, params, body }) => ok(await tables.updateColumn(auth.orgId, params.tableId, params.columnId, body)),
    deleteColumn: async ({ auth, params }) => ok(await tables.removeColumn(auth.orgId, params.tableId, params.columnId)),
  };
}

import { isApiError } from '../errors.ts';
import type { AgentTableLookup } from './agent-service.ts';

/** Table objects by id for agents; ids of missing (or other organizations') tables are left out. */
export function tableLookup(tables: { get(orgId: string, tableId: string, opts?: { stats?: boolean }): Promise<{ id: string }> }): AgentTableLookup {
  return {
    async views(orgId, ids, opts) {
      const found = await Promise.all(
        ids.map((id) => tables.get(orgId, id, opts).catch((err) => (isApiError(err) && err.status === 404 ? null : Promise.reject(err)))),
      );
      return found.filter((t): t is { id: string } => t !== null);
    },
  };
}

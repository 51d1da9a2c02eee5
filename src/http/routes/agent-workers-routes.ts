import type { AgentWorkerService } from '../../domain/agents/agent-worker-service.ts';
import { created, listEnvelope, ok, type HandlerMap } from '../handler-types.ts';

export function agentWorkerRoutes(deps: { agentWorkers: AgentWorkerService }): HandlerMap {
  return {
    listAgentWorkers: async ({ auth, query, path }) =>
      ok(listEnvelope(path, await deps.agentWorkers.list(auth.orgId, { limit: query.limit ?? 50, cursor: query.cursor }))),
    createAgentWorker: async ({ auth, body }) => created(await deps.agentWorkers.create(auth.orgId, body)),
    getAgentWorker: async ({ auth, params }) => ok(await deps.agentWorkers.get(auth.orgId, params.workerId)),
    updateAgentWorker: async ({ auth, params, body }) => ok(await deps.agentWorkers.update(auth.orgId, params.workerId, body)),
    deleteAgentWorker: async ({ auth, params }) => ok(await deps.agentWorkers.delete(auth.orgId, params.workerId)),
  };
}

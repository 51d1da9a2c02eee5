import type { AgentService } from '../../domain/agents/agent-service.ts';
import type { RunCallbacks } from '../../domain/agents/run-callbacks.ts';
import { accepted, includes, listEnvelope, ok, type HandlerMap } from '../handler-types.ts';

// Published poll cadence: present only while the run is in flight.
const POLL_SECONDS = '15';

export function agentRoutes(deps: { agents: AgentService; agentCallbacks: RunCallbacks }): HandlerMap {
  return {
    createAgentAndRun: async ({ auth, body }) => accepted(await deps.agents.createAgentAndRun(auth.orgId, body)),
    listAgents: async ({ auth, query, path }) =>
      ok(listEnvelope(path, await deps.agents.list(auth.orgId, { limit: query.limit ?? 50, cursor: query.cursor, search: query.search }))),
    getAgent: async ({ auth, params }) => ok(await deps.agents.get(auth.orgId, params.id)),
    archiveAgent: async ({ auth, params }) => ok(await deps.agents.archive(auth.orgId, params.id)),
    sendRun: async ({ auth, params, body }) => accepted(await deps.agents.sendRun(auth.orgId, params.id, body)),
    listRuns: async ({ auth, params, query, path }) =>
      ok(listEnvelope(path, await deps.agents.listRuns(auth.orgId, params.id, { limit: query.limit ?? 50, cursor: query.cursor }))),
    getRun: async ({ auth, params, query }) => {
      const run = await deps.agents.getRun(auth.orgId, params.id, params.runId, { stats: includes(query.include, 'stats') });
      return ok(run, run.status === 'running' ? { 'retry-after': POLL_SECONDS } : undefined);
    },
    cancelActiveRun: async ({ auth, params }) => ok(await deps.agents.cancelActiveRun(auth.orgId, params.id)),
    listAgentTables: async ({ auth, params, path, query }) => {
      const { items, workspaceId } = await deps.agents.listTables(auth.orgId, params.id, { stats: includes(query.include, 'stats') });
      return ok(listEnvelope(path, { items, nextCursor: null }, { workspaceId }));
    },
    receiveAgentRunCallback: async ({ params, rawBody, headers }) => ok(await deps.agentCallbacks.receive(params.token, rawBody, headers)),
  };
}

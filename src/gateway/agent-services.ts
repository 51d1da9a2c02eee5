import type { ModuleDeps } from './module-deps.ts';
import { createAgentService, type AgentTableLookup } from '../domain/agents/agent-service.ts';
import { createAgentWorkerService } from '../domain/agents/agent-worker-service.ts';
import { createRunDispatcher } from '../domain/agents/dispatch-run.ts';
import { createRunCallbacks } from '../domain/agents/run-callbacks.ts';
import { createRunLifecycle } from '../domain/agents/run-lifecycle.ts';
import type { ApiKeyService } from '../domain/api-keys/api-key-service.ts';
import { isApiError } from '../domain/errors.ts';
import { agendaRunJobs, defineAgentRunJobs } from '../jobs/agent-run-jobs.ts';
import { createOutboundClient } from '../outbound/http-client.ts';
import { createAgentRunsRepo } from '../storage/repositories/agent-runs-repo.ts';
import { createAgentWorkersRepo, createRunSlotsRepo } from '../storage/repositories/agent-workers-repo.ts';
import { createAgentsRepo } from '../storage/repositories/agents-repo.ts';

// Agent runs: workers, agents, runs, the dispatch to workers and their callbacks.
const DEFAULT_DISPATCH_SCHEDULE_SECONDS = [0, 5, 30, 120, 300];

/** Table objects by id for agents; ids of missing (or other organizations') tables are left out. */
function tableLookup(tables: { get(orgId: string, tableId: string, opts?: { stats?: boolean }): Promise<{ id: string }> }): AgentTableLookup {
  return {
    async views(orgId, ids, opts) {
      const found = await Promise.all(
        ids.map((id) => tables.get(orgId, id, opts).catch((err) => (isApiError(err) && err.status === 404 ? null : Promise.reject(err)))),
      );
      return found.filter((t): t is { id: string } => t !== null);
    },
  };
}

export function createAgentServices(
  deps: ModuleDeps & {
    apiKeys: ApiKeyService;
    tables?: { get(orgId: string, tableId: string, opts?: { stats?: boolean }): Promise<{ id: string }> };
  },
) {
  const logger = deps.logger.child({ area: 'agents' });
  const runs = createAgentRunsRepo(deps.db, { outbox: deps.outbox });
  const agents = createAgentsRepo(deps.db);
  const slots = createRunSlotsRepo(deps.db);
  const workerStore = createAgentWorkersRepo(deps.db, { secrets: deps.secrets });
  const workers = createAgentWorkerService({ store: workerStore, ids: deps.ids, clock: deps.clock, allowPrivateNetwork: deps.config.allowPrivateNetwork });
  const lifecycle = createRunLifecycle({ runs, agents, slots, outbox: deps.outbox, apiKeys: deps.apiKeys, clock: deps.clock, logger });
  const jobs = agendaRunJobs(deps.scheduler);
  const dispatcher = createRunDispatcher({
    runs,
    workers: workerStore,
    lifecycle,
    apiKeys: deps.apiKeys,
    outbound: createOutboundClient({ allowPrivateNetwork: deps.config.allowPrivateNetwork, lookup: deps.hostLookup }),
    jobs,
    clock: deps.clock,
    logger,
    publicUrl: deps.config.publicUrl,
    retryScheduleSeconds: deps.config.retryScheduleSeconds ?? DEFAULT_DISPATCH_SCHEDULE_SECONDS,
  });
  defineAgentRunJobs({ scheduler: deps.scheduler, dispatcher, lifecycle, logger });
  const agentService = createAgentService({
    agents,
    runs,
    slots,
    workers,
    lifecycle,
    dispatcher,
    jobs,
    tables: deps.tables ? tableLookup(deps.tables) : undefined,
    ids: deps.ids,
    clock: deps.clock,
    logger,
    cancelGraceMs: deps.config.agentCancelGraceSeconds * 1000,
  });
  return { agents: agentService, agentWorkers: workers, agentCallbacks: createRunCallbacks({ runs, workers: workerStore, lifecycle, clock: deps.clock }) };
}

import { servicesOnly, type ModuleDeps } from './module-deps.ts';
import { createAgentService } from '../domain/agents/agent-service.ts';
import { tableLookup } from '../domain/agents/agent-table-lookup.ts';
import { createAgentWorkerService } from '../domain/agents/agent-worker-service.ts';
import { createAgentWorkerClient } from '../domain/agents/agent-worker-client.ts';
import { createRunCallbacks } from '../domain/agents/run-callbacks.ts';
import { createRunLifecycle } from '../domain/agents/run-lifecycle.ts';
import type { ApiKeyService } from '../domain/api-keys/api-key-service.ts';
import type { OutboundClient } from '../outbound/http-client.ts';
import { agendaRunJobs, defineAgentRunJobs } from '../jobs/agent-run-jobs.ts';
import { createAgentRunsRepo } from '../storage/repositories/agent-runs-repo.ts';
import { createAgentWorkersRepo, createRunSlotsRepo } from '../storage/repositories/agent-workers-repo.ts';
import { createAgentsRepo } from '../storage/repositories/agents-repo.ts';

// Agent runs: workers, agents, runs, the calls to workers and their callbacks.
const DEFAULT_DISPATCH_SCHEDULE_SECONDS = [0, 5, 30, 120, 300];

/** Agents and their runs; nothing to start: run jobs are queued by the runs themselves. */
export function createAgentsModule(
  deps: ModuleDeps & {
    apiKeys: ApiKeyService;
    tables: { get(orgId: string, tableId: string, opts?: { stats?: boolean }): Promise<{ id: string }> };
    /** Dispatches to agent workers go out through it. */
    outbound: OutboundClient;
  },
) {
  const logger = deps.logger.child({ area: 'agents' });
  const agentRuns = createAgentRunsRepo(deps.db, { outbox: deps.outbox });
  const agents = createAgentsRepo(deps.db);
  const slots = createRunSlotsRepo(deps.db);
  const workerStore = createAgentWorkersRepo(deps.db, { secrets: deps.secrets });
  const workers = createAgentWorkerService({ store: workerStore, ids: deps.ids, clock: deps.clock, allowPrivateNetwork: deps.config.allowPrivateNetwork });
  const lifecycle = createRunLifecycle({ agentRuns, agents, slots, outbox: deps.outbox, apiKeys: deps.apiKeys, clock: deps.clock, logger });
  const jobs = agendaRunJobs(deps.scheduler);
  const workerClient = createAgentWorkerClient({
    agentRuns,
    workers: workerStore,
    lifecycle,
    apiKeys: deps.apiKeys,
    outbound: deps.outbound,
    jobs,
    clock: deps.clock,
    logger,
    publicUrl: deps.config.publicUrl,
    retryScheduleSeconds: deps.config.retryScheduleSeconds ?? DEFAULT_DISPATCH_SCHEDULE_SECONDS,
  });
  defineAgentRunJobs({ scheduler: deps.scheduler, workerClient, lifecycle, logger });
  const agentService = createAgentService({
    agents,
    agentRuns,
    slots,
    workers,
    lifecycle,
    workerClient,
    jobs,
    tables: tableLookup(deps.tables),
    ids: deps.ids,
    clock: deps.clock,
    logger,
    cancelGraceMs: deps.config.agentCancelGraceSeconds * 1000,
  });
  return servicesOnly({
    agents: agentService,
    agentWorkers: workers,
    agentCallbacks: createRunCallbacks({ agentRuns, workers: workerStore, lifecycle, clock: deps.clock }),
  });
}

import type { Logger } from 'pino';
import type { Clock } from '../shared/clock.ts';
import type { IdGenerator } from '../shared/ids.ts';
import { AlreadyStoredError } from '../shared/already-stored.ts';
import { agentBusy, badRequest, concurrentLimitExceeded, noAgentWorker, notFound } from '../errors.ts';
import type { AgentRunStore, AgentStore, RunSlotStore } from './agent-stores.ts';
import { DEFAULT_MODEL, RUN_ID_PREFIX, type AgentRecord, type AgentRunRecord, type AgentWorkerRecord, type PublicModel, type RunTask } from './agent-types.ts';
import type { AgentWorkerService } from './agent-worker-service.ts';
import type { AgentWorkerClient, RunJobs } from './agent-worker-client.ts';
import type { RunLifecycle } from './run-lifecycle.ts';
import { toAgentSummary, toAgentView, toRunSummary, toRunView, toWorkspaceView } from './serializers.ts';

/** Table objects for listAgentTables and focus-id checks; provided by the tables area when present. */
export interface AgentTableLookup {
  /** The published Table objects of the ids that exist in the organization (others are left out); `stats` as `include=stats`. */
  views(orgId: string, ids: string[], opts?: { stats?: boolean }): Promise<{ id: string }[]>;
}

export interface AgentServiceDeps {
  agents: AgentStore;
  agentRuns: AgentRunStore;
  slots: RunSlotStore;
  workers: AgentWorkerService;
  lifecycle: RunLifecycle;
  workerClient: AgentWorkerClient;
  jobs: RunJobs;
  tables?: AgentTableLookup;
  ids: IdGenerator;
  clock: Clock;
  logger: Logger;
  cancelGraceMs: number;
}

export interface RunInput {
  prompt: string;
  focusTableIds?: string[];
  attachments?: ({ kind: 'document'; documentId: string } | { kind: 'table'; tableId: string })[];
  model?: PublicModel;
  /** Gateway-internal only (never from a client body): see RunTask. */
  task?: RunTask;
}

const agentNotFound = () => notFound('AGENT_NOT_FOUND', 'Agent not found');
const runNotFound = () => notFound('RUN_NOT_FOUND', 'Run not found');
const CONCURRENT_RETRY_AFTER_SECONDS = 60;
/** A slot whose run was never stored is only orphaned once admission had ample time to finish. */
const ORPHAN_SLOT_MS = 60_000;

export function createAgentService(deps: AgentServiceDeps) {
  async function focusIds(orgId: string, input: RunInput): Promise<string[]> {
    if (input.attachments?.some((a) => a.kind === 'document')) throw badRequest('INVALID_ATTACHMENT', 'Document attachments are not supported by this gateway');
    const ids = [...new Set([...(input.focusTableIds ?? []), ...(input.attachments ?? []).flatMap((a) => (a.kind === 'table' ? [a.tableId] : []))])];
    if (ids.length === 0 || !deps.tables) return ids;
    const found = new Set((await deps.tables.views(orgId, ids)).map((t) => t.id));
    const unknown = ids.filter((id) => !found.has(id));
    if (unknown.length > 0) throw badRequest('UNKNOWN_TABLE', 'Some focusTableIds are not tables of this organization', { tableIds: unknown });
    return ids;
  }

  async function claimSlot(orgId: string, worker: AgentWorkerRecord, agent: { id: string; name: string }, runId: string): Promise<void> {
    const slot = { runId, agentId: agent.id, name: agent.name, startedAt: deps.clock.now() };
    if (await deps.slots.claim(orgId, worker.id, slot, worker.maxConcurrentRuns)) return;
    // Full: first drop slots a crash left behind (their run ended, or never got stored), then try once more.
    if ((await reclaimStaleSlots(orgId, worker.id)) && (await deps.slots.claim(orgId, worker.id, slot, worker.maxConcurrentRuns))) return;
    const active = await deps.slots.active(orgId, worker.id);
    throw concurrentLimitExceeded(
      worker.maxConcurrentRuns,
      active.map((s) => ({ agentId: s.agentId, name: s.name, startedAt: s.startedAt.toISOString() })),
      CONCURRENT_RETRY_AFTER_SECONDS,
    );
  }

  /**
   * `claimSlot`, unless the run holds one already (an earlier attempt of its request took
   * it). Without a slot, the agent's claim for the run is given back.
   */
  async function holdSlot(orgId: string, worker: AgentWorkerRecord, agent: { id: string; name: string }, runId: string): Promise<void> {
    try {
      if (!(await deps.slots.active(orgId, worker.id)).some((s) => s.runId === runId)) await claimSlot(orgId, worker, agent, runId);
    } catch (err) {
      await deps.agents.releaseRun(orgId, agent.id, runId);
      throw err;
    }
  }

  async function reclaimStaleSlots(orgId: string, workerId: string): Promise<boolean> {
    const active = await deps.slots.active(orgId, workerId);
    const runs = new Map(
      (
        await deps.agentRuns.findMany(
          orgId,
          active.map((s) => s.runId),
        )
      ).map((r) => [r.id, r]),
    );
    const now = deps.clock.now().getTime();
    let freed = false;
    for (const slot of active) {
      const run = runs.get(slot.runId);
      const stale = run ? run.status !== 'running' : now - slot.startedAt.getTime() > ORPHAN_SLOT_MS;
      if (!stale) continue;
      await deps.slots.release(orgId, workerId, slot.runId);
      freed = true;
    }
    return freed;
  }

  /** Stores the admitted run and queues its dispatch and its deadline. */
  async function startRun(agent: AgentRecord, worker: AgentWorkerRecord, runId: string, input: RunInput, focusTableIds: string[]): Promise<AgentRunRecord> {
    const now = deps.clock.now();
    const run: AgentRunRecord = {
      id: runId,
      orgId: agent.orgId,
      agentId: agent.id,
      workerId: worker.id,
      status: 'running',
      prompt: input.prompt,
      model: input.model ?? DEFAULT_MODEL,
      focusTableIds,
      steps: { completed: 0, max: 50 },
      response: null,
      todo: { pendingQuestions: [], nextActions: [] },
      startedAt: now,
      completedAt: null,
      deadlineAt: new Date(now.getTime() + worker.timeoutSeconds * 1000),
      dispatch: { attempts: 0, acceptedAt: null, lastError: null },
      cancel: null,
      apiKeyIds: [],
      endReason: null,
      ...(input.task ? { task: input.task } : {}),
    };
    await deps.agentRuns.insert(run);
    await deps.jobs.dispatch(run.orgId, run.id, 0, 0);
    await deps.jobs.checkAt(run.orgId, run.id, run.deadlineAt);
    return run;
  }

  async function releaseAfterFailedAdmission(orgId: string, workerId: string, agentId: string, runId: string) {
    await deps.slots.release(orgId, workerId, runId).catch(() => undefined);
    await deps.agents.releaseRun(orgId, agentId, runId).catch(() => undefined);
  }

  /**
   * The retry of a create whose first attempt stored the agent (ids repeat only under the
   * request's Idempotency-Key claim): answers the run that attempt stored, or admits the
   * run now under the id it had, so the create ends as one agent with one run, answered
   * as a single success would have been.
   */
  async function finishCreate(agent: AgentRecord, runId: string, input: RunInput, focusTableIds: string[]) {
    const answer = (run: AgentRunRecord) => ({ agent: toAgentSummary(agent), run: toRunView(run), workspace: toWorkspaceView(agent) });
    const stored = await deps.agentRuns.findById(agent.orgId, runId);
    if (stored) {
      await readmitStored(agent, stored);
      return answer(stored);
    }
    // Found and run by someone meanwhile: the first run can no longer be this one.
    if (agent.lastRunId !== runId) throw new AlreadyStoredError(agent.id);
    const worker = await deps.workers.resolve(agent.orgId, agent.workerId);
    if (!worker) throw noAgentWorker();
    // The attempt's clean-up may not have run (the database was gone with its run insert):
    // its claims on the agent and on a slot are then still held, under this run's id.
    if (agent.activeRunId !== runId && !(await deps.agents.claimRun(agent.orgId, agent.id, runId, focusTableIds))) throw new AlreadyStoredError(agent.id);
    await holdSlot(agent.orgId, worker, agent, runId);
    try {
      return answer(await startRun(agent, worker, runId, input, focusTableIds));
    } catch (err) {
      // The first attempt's run insert, unconfirmed, landed just now: it holds the claims
      // and nothing of it was queued (that comes after a confirmed insert).
      const late = err instanceof AlreadyStoredError ? await deps.agentRuns.findById(agent.orgId, runId) : null;
      if (!late) {
        await releaseAfterFailedAdmission(agent.orgId, worker.id, agent.id, runId);
        throw err;
      }
      await deps.jobs.dispatch(late.orgId, late.id, 0, 0);
      await deps.jobs.checkAt(late.orgId, late.id, late.deadlineAt);
      return answer(late);
    }
  }

  /**
   * A run its first attempt stored although that attempt failed (the insert's answer was
   * lost, or queueing its jobs failed): until it reaches its worker, the retry makes sure
   * its deadline is checked and, if the attempt's clean-up gave its claims up, claims them
   * again and queues its dispatch. Should the attempt's dispatch have been queued after all,
   * the worker sees the run twice under one `webhook-id`, as with any retried dispatch.
   */
  async function readmitStored(agent: AgentRecord, run: AgentRunRecord): Promise<void> {
    if (run.status !== 'running' || run.dispatch.attempts > 0 || run.dispatch.acceptedAt) return;
    await deps.jobs.checkAt(run.orgId, run.id, run.deadlineAt);
    if (agent.activeRunId === run.id) return;
    const worker = await deps.workers.resolve(agent.orgId, run.workerId);
    if (!worker || !(await deps.agents.claimRun(agent.orgId, agent.id, run.id, run.focusTableIds))) return;
    await holdSlot(agent.orgId, worker, agent, run.id);
    await deps.jobs.dispatch(run.orgId, run.id, 0, 0);
  }

  /** The full run view: a finished run embeds the tables it touched. */
  async function runView(run: AgentRunRecord, opts: { stats?: boolean } = {}) {
    if (!run.response || !deps.tables) return toRunView(run);
    const ids = [...new Set([...run.response.actions.map((a) => a.tableId), ...run.focusTableIds])];
    return toRunView(run, ids.length > 0 ? await deps.tables.views(run.orgId, ids, opts) : []);
  }

  async function getAgent(orgId: string, id: string): Promise<AgentRecord> {
    const agent = await deps.agents.findById(orgId, id);
    if (!agent) throw agentNotFound();
    return agent;
  }

  /** Cooperative and idempotent: asks the worker, and the grace period bounds the wait. */
  async function cancelActiveRun(orgId: string, agentId: string) {
    const agent = await getAgent(orgId, agentId);
    const runId = agent.activeRunId ?? agent.lastRunId;
    let run = runId ? await deps.agentRuns.findById(orgId, runId) : null;
    if (run && run.status === 'running') {
      if (!run.cancel) {
        const now = deps.clock.now();
        const cancel = { requestedAt: now, graceUntil: new Date(now.getTime() + deps.cancelGraceMs) };
        await deps.agentRuns.updateRunning(orgId, run.id, { cancel });
        await deps.jobs.checkAt(orgId, run.id, cancel.graceUntil);
        run = { ...run, cancel };
      }
      if (await deps.workerClient.requestCancel(run)) await deps.lifecycle.finish(run, { status: 'cancelled' }, 'cancelled by the API');
      run = await deps.agentRuns.findById(orgId, run.id);
    }
    return { run: run ? await runView(run) : null };
  }

  return {
    /** `agentId` is gateway-internal (never from a client body): a caller that must know the id before the agent exists. */
    async createAgentAndRun(orgId: string, input: RunInput & { name?: string; workspaceId?: string | null; agentId?: string }) {
      const worker = await deps.workers.resolve(orgId);
      if (!worker) throw noAgentWorker();
      const focusTableIds = await focusIds(orgId, input);
      const agentId = input.agentId ?? deps.ids.uuid();
      const runId = `${RUN_ID_PREFIX}${deps.ids.uuid()}`;
      // A retry of a create that took effect unseen finishes it: the agent and run it made.
      const earlier = input.agentId ? null : await deps.agents.findById(orgId, agentId);
      if (earlier) return finishCreate(earlier, runId, input, focusTableIds);
      const name = input.name || input.prompt.replace(/\s+/g, ' ').trim().slice(0, 60);
      await claimSlot(orgId, worker, { id: agentId, name }, runId);
      try {
        const agent: AgentRecord = {
          id: agentId,
          orgId,
          name,
          workerId: worker.id,
          tableIds: focusTableIds,
          activeRunId: runId,
          lastRunId: runId,
          createdAt: deps.clock.now(),
          archivedAt: null,
        };
        await deps.agents.insert(agent);
        const run = await startRun(agent, worker, runId, input, focusTableIds);
        return { agent: toAgentSummary(agent), run: toRunView(run), workspace: toWorkspaceView(agent) };
      } catch (err) {
        await releaseAfterFailedAdmission(orgId, worker.id, agentId, runId);
        throw err;
      }
    },

    async sendRun(orgId: string, agentId: string, input: RunInput) {
      const agent = await getAgent(orgId, agentId);
      const worker = await deps.workers.resolve(orgId, agent.workerId);
      if (!worker) throw noAgentWorker();
      const focusTableIds = await focusIds(orgId, input);
      const runId = `${RUN_ID_PREFIX}${deps.ids.uuid()}`;
      // A retry of a run that started unseen answers it.
      const earlier = await deps.agentRuns.findById(orgId, runId);
      if (earlier) return { run: toRunView(earlier) };
      if (!(await deps.agents.claimRun(orgId, agentId, runId, focusTableIds))) {
        const current = await deps.agents.findById(orgId, agentId);
        if (!current) throw agentNotFound();
        const active = current.activeRunId ? await deps.agentRuns.findById(orgId, current.activeRunId) : null;
        throw agentBusy({ id: current.activeRunId ?? '', startedAt: (active?.startedAt ?? deps.clock.now()).toISOString() });
      }
      try {
        await claimSlot(orgId, worker, agent, runId);
      } catch (err) {
        await deps.agents.releaseRun(orgId, agentId, runId);
        throw err;
      }
      try {
        return { run: toRunView(await startRun(agent, worker, runId, input, focusTableIds)) };
      } catch (err) {
        await releaseAfterFailedAdmission(orgId, worker.id, agentId, runId);
        throw err;
      }
    },

    async list(orgId: string, page: { limit: number; cursor?: string; search?: string }) {
      const result = await deps.agents.list(orgId, page);
      const lastRuns = new Map(
        (
          await deps.agentRuns.findMany(
            orgId,
            result.items.flatMap((a) => (a.lastRunId ? [a.lastRunId] : [])),
          )
        ).map((r) => [r.id, r]),
      );
      return { items: result.items.map((a) => toAgentView(a, (a.lastRunId && lastRuns.get(a.lastRunId)) || null)), nextCursor: result.nextCursor };
    },

    async get(orgId: string, id: string) {
      const agent = await getAgent(orgId, id);
      const lastRun = agent.lastRunId ? await deps.agentRuns.findById(orgId, agent.lastRunId) : null;
      return toAgentView(agent, lastRun);
    },

    async archive(orgId: string, id: string) {
      const agent = await getAgent(orgId, id);
      if (agent.activeRunId) await cancelActiveRun(orgId, id);
      const archived = await deps.agents.archive(orgId, id, deps.clock.now());
      if (!archived?.archivedAt) throw agentNotFound();
      const deletedAt = archived.archivedAt.toISOString();
      // The agent is its own session container, so the container goes with it.
      return { agent: { object: 'agent' as const, id, deletedAt }, workspace: { object: 'workspace' as const, id, deletedAt } };
    },

    async listRuns(orgId: string, agentId: string, page: { limit: number; cursor?: string }) {
      await getAgent(orgId, agentId);
      const result = await deps.agentRuns.listForAgent(orgId, agentId, page);
      return { items: result.items.map(toRunSummary), nextCursor: result.nextCursor };
    },

    async getRun(orgId: string, agentId: string, runId: string, opts: { stats?: boolean } = {}) {
      const run = await deps.agentRuns.findById(orgId, runId);
      if (!run || run.agentId !== agentId) throw runNotFound();
      return runView(run, opts);
    },

    cancelActiveRun,

    /**
     * The tables of a `workspaceId` filter: every agent is its own container and its id
     * is the `workspaceId` the gateway returns, so a container holds its agent's tables.
     * Any other id names no container here and holds nothing.
     */
    async tablesInWorkspace(orgId: string, workspaceId: string) {
      const agent = await deps.agents.findById(orgId, workspaceId);
      return agent && deps.tables && agent.tableIds.length > 0 ? await deps.tables.views(orgId, agent.tableIds) : [];
    },

    /** The ids behind `tablesInWorkspace`, for filters that only need to scope by table. */
    async tableIdsInWorkspace(orgId: string, workspaceId: string): Promise<string[]> {
      return (await deps.agents.findById(orgId, workspaceId))?.tableIds ?? [];
    },

    async listTables(orgId: string, agentId: string, opts: { stats?: boolean } = {}) {
      const agent = await getAgent(orgId, agentId);
      const items = deps.tables && agent.tableIds.length > 0 ? await deps.tables.views(orgId, agent.tableIds, opts) : [];
      return { items, workspaceId: agent.id };
    },
  };
}

export type AgentService = ReturnType<typeof createAgentService>;

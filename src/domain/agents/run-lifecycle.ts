import type { Logger } from 'pino';
import type { Outbox } from '../../events/outbox.ts';
import type { ApiKeyService } from '../api-keys/api-key-service.ts';
import type { Clock } from '../shared/clock.ts';
import type { AgentRunStore, AgentStore, RunSlotStore } from './agent-stores.ts';
import type { AgentRunRecord, RunResult, TerminalRunStatus } from './agent-types.ts';

const DEFAULT_MAX_STEPS = 50;

export interface RunLifecycleDeps {
  agentRuns: AgentRunStore;
  agents: AgentStore;
  slots: RunSlotStore;
  outbox: Outbox;
  apiKeys: Pick<ApiKeyService, 'revoke'>;
  clock: Clock;
  logger: Logger;
}

/**
 * The one place a run changes state after admission: progress, the terminal write
 * (with its `agent.run.completed` event staged in the same update), and the release
 * of everything the run held (agent mutex, concurrency slot, short-lived keys).
 */
export function createRunLifecycle(deps: RunLifecycleDeps) {
  const steps = (run: AgentRunRecord, result: RunResult) => ({
    completed: result.steps?.completed ?? run.steps.completed,
    max: result.steps?.max ?? run.steps.max ?? DEFAULT_MAX_STEPS,
  });

  /** Releases what a run holds; idempotent, so recovery can call it again. */
  async function release(run: AgentRunRecord, skipKeys: ReadonlySet<string> = new Set()): Promise<void> {
    await deps.agents.releaseRun(run.orgId, run.agentId, run.id);
    await deps.slots.release(run.orgId, run.workerId, run.id);
    for (const keyId of run.apiKeyIds.filter((id) => !skipKeys.has(id))) {
      await deps.apiKeys.revoke(run.orgId, keyId).catch((err) => deps.logger.warn({ err, runId: run.id, keyId }, 'could not revoke a run key'));
    }
  }

  const settle = (run: AgentRunRecord) => release(run);

  async function finish(run: AgentRunRecord, result: RunResult & { status: TerminalRunStatus }, endReason: string | null = null): Promise<boolean> {
    const current = await deps.agentRuns.findById(run.orgId, run.id);
    if (!current) return false;
    if (current.status !== 'running') {
      await release(current);
      return false;
    }
    // Release before the terminal write: a client that sees the run end may admit the
    // next one at once, and must not meet this run's agent claim or slot. A crash
    // in between leaves a running run holding nothing, which its deadline job ends.
    await release(current);
    const now = deps.clock.now();
    const failed = result.status === 'errored' || result.status === 'timed_out';
    const set = {
      status: result.status,
      completedAt: now,
      steps: steps(current, result),
      // Published rule: no partial prose on failed runs.
      response: { text: failed ? null : (result.response?.text ?? null), actions: result.response?.actions ?? [] },
      todo: result.todo ?? current.todo,
      endReason,
    };
    const event = deps.outbox.stage({
      type: 'agent.run.completed',
      orgId: run.orgId,
      orderingKey: `agent_run:${run.id}`,
      data: { agent_id: run.agentId, run_id: run.id, status: result.status, completed_at: now.toISOString() },
      occurredAt: now,
    });
    const won = await deps.agentRuns.finish(run.orgId, run.id, set, [event]);
    if (won) deps.logger.info({ runId: run.id, status: result.status, endReason }, 'agent run ended');
    // A key minted by a dispatch racing this end is revoked here.
    const latest = await deps.agentRuns.findById(run.orgId, run.id);
    if (latest && latest.status !== 'running') await release(latest, new Set(current.apiKeyIds));
    return won;
  }

  async function progress(run: AgentRunRecord, result: RunResult): Promise<boolean> {
    return deps.agentRuns.updateRunning(run.orgId, run.id, { steps: steps(run, result) });
  }

  /** A worker result of any status: progress while `running`, otherwise the end of the run. */
  async function apply(run: AgentRunRecord, result: RunResult): Promise<boolean> {
    if (result.status === 'running') return progress(run, result);
    return finish(run, result as RunResult & { status: TerminalRunStatus });
  }

  /** The deadline job: ends a run whose time or cancel grace is up, and re-settles ended ones. */
  async function checkDeadline(orgId: string, runId: string): Promise<void> {
    const run = await deps.agentRuns.findById(orgId, runId);
    if (!run) return;
    if (run.status !== 'running') return settle(run);
    const now = deps.clock.now();
    if (run.cancel && now >= run.cancel.graceUntil) await finish(run, { status: 'cancelled' }, 'cancel grace period ended');
    else if (now >= run.deadlineAt) await finish(run, { status: 'timed_out' }, 'the worker did not finish before the deadline');
  }

  return { finish, progress, apply, settle, checkDeadline };
}

export type RunLifecycle = ReturnType<typeof createRunLifecycle>;

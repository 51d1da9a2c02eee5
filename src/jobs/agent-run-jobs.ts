import type { Logger } from 'pino';
import type { AgentWorkerClient, RunJobs } from '../domain/agents/agent-worker-client.ts';
import type { RunLifecycle } from '../domain/agents/run-lifecycle.ts';
import type { Scheduler } from './scheduler.ts';

export const AGENT_RUN_DISPATCH = 'agent-run-dispatch';
export const AGENT_RUN_DEADLINE = 'agent-run-deadline';

interface DispatchData {
  orgId: string;
  runId: string;
  attempt: number;
}

interface DeadlineData {
  orgId: string;
  runId: string;
}

/** The Agenda side of RunJobs: queueing only, usable before the handlers are defined. */
export function agendaRunJobs(scheduler: Scheduler): RunJobs {
  return {
    async dispatch(orgId, runId, attempt, delayMs) {
      const data: DispatchData = { orgId, runId, attempt };
      if (delayMs <= 0) await scheduler.agenda.now(AGENT_RUN_DISPATCH, data);
      else await scheduler.agenda.schedule(new Date(Date.now() + delayMs), AGENT_RUN_DISPATCH, data);
    },
    async checkAt(orgId, runId, at) {
      const data: DeadlineData = { orgId, runId };
      await scheduler.agenda.schedule(at, AGENT_RUN_DEADLINE, data);
    },
  };
}

/** How long a dispatch lock lasts without a heartbeat: a crashed holder's job is retried after this. */
const DISPATCH_LOCK_MS = 5 * 60_000;

/**
 * Defines the two agent-run jobs (call before scheduler.start()). A dispatch may hold a
 * synchronous worker call until the run's deadline, so it heartbeats its lock instead of
 * taking one as long as the longest timeout: if the process dies, another one retries the
 * dispatch after DISPATCH_LOCK_MS (same `webhook-id`, so a worker can tell a repeat), and
 * the deadline job bounds the run either way.
 */
export function defineAgentRunJobs(deps: { scheduler: Scheduler; workerClient: AgentWorkerClient; lifecycle: RunLifecycle; logger: Logger }) {
  deps.scheduler.agenda.define<DispatchData>(
    AGENT_RUN_DISPATCH,
    async (job) => {
      const { orgId, runId, attempt } = job.attrs.data;
      const heartbeat = setInterval(() => {
        job.touch().catch((err: unknown) => deps.logger.warn({ err, runId }, 'could not extend the dispatch lock'));
      }, DISPATCH_LOCK_MS / 3);
      heartbeat.unref();
      try {
        await deps.workerClient.dispatch(orgId, runId, attempt);
      } finally {
        clearInterval(heartbeat);
      }
    },
    { concurrency: 50, lockLimit: 0, lockLifetime: DISPATCH_LOCK_MS, removeOnComplete: true },
  );
  deps.scheduler.agenda.define<DeadlineData>(
    AGENT_RUN_DEADLINE,
    async (job) => {
      await deps.lifecycle.checkDeadline(job.attrs.data.orgId, job.attrs.data.runId);
    },
    { concurrency: 20, removeOnComplete: true },
  );
}

import type { Logger } from 'pino';
import type { RunDispatcher, RunJobs } from '../domain/agents/dispatch-run.ts';
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

/**
 * Defines the two agent-run jobs (call before scheduler.start()). A dispatch may hold a
 * synchronous worker call until the run's deadline, so its lock outlives the longest
 * worker timeout; a crashed holder is covered by the deadline job, not by the lock.
 */
export function defineAgentRunJobs(deps: { scheduler: Scheduler; dispatcher: RunDispatcher; lifecycle: RunLifecycle; logger: Logger; maxRunSeconds: number }) {
  deps.scheduler.agenda.define<DispatchData>(
    AGENT_RUN_DISPATCH,
    async (job) => {
      const { orgId, runId, attempt } = job.attrs.data;
      await deps.dispatcher.dispatch(orgId, runId, attempt);
    },
    { concurrency: 50, lockLimit: 0, lockLifetime: (deps.maxRunSeconds + 300) * 1000, removeOnComplete: true },
  );
  deps.scheduler.agenda.define<DeadlineData>(
    AGENT_RUN_DEADLINE,
    async (job) => {
      await deps.lifecycle.checkDeadline(job.attrs.data.orgId, job.attrs.data.runId);
    },
    { concurrency: 20, removeOnComplete: true },
  );
}

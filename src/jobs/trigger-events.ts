import type { Agenda } from 'agenda';
import type { Logger } from 'pino';
import type { Clock } from '../domain/shared/clock.ts';
import type { TriggerProcessor } from '../triggers/processor.ts';
import type { TriggerEventStore } from '../triggers/stores.ts';

// Inbound trigger processing on Agenda: one job per accepted request (retried with the
// configured backoff), and a recovery sweep that re-queues any `received` request whose
// hand-off was lost (a kill between the 202 and the job insert, a lost retry). Running
// an event twice is harmless: the processor claims it first.

export const PROCESS_TRIGGER_EVENT_JOB = 'trigger-events.process';
export const RECOVER_TRIGGER_EVENTS_JOB = 'trigger-events.recover';

export interface TriggerJobsDeps {
  agenda: Agenda;
  processor: TriggerProcessor;
  events: TriggerEventStore;
  clock: Clock;
  logger: Logger;
  retryDelaysMs: number[];
  recoveryGraceMs: number;
  sweepEveryMs?: number;
}

export function defineTriggerEventJobs(deps: TriggerJobsDeps) {
  const enqueue = (eventId: string): void => {
    deps.agenda.now(PROCESS_TRIGGER_EVENT_JOB, { eventId }).catch((err: unknown) => {
      deps.logger.warn({ err, eventId }, 'could not queue a trigger event; recovery will pick it up');
    });
  };

  /** Re-queues `received` events nobody holds: all of them at start-up, the overdue ones later. */
  async function recover(all: boolean): Promise<number> {
    const now = deps.clock.now();
    const dueBy = all ? new Date(8.64e15) : now;
    let queued = 0;
    for (;;) {
      const due = await deps.events.findDue(dueBy, now, 200);
      if (due.length === 0) break;
      await deps.events.markQueued(due.map((e) => e.id), new Date(now.getTime() + deps.recoveryGraceMs));
      for (const e of due) enqueue(e.id);
      queued += due.length;
      if (due.length < 200) break;
    }
    if (queued > 0) deps.logger.info({ queued }, 'recovered trigger events');
    return queued;
  }

  deps.agenda.define(
    PROCESS_TRIGGER_EVENT_JOB,
    async (job) => deps.processor.processEvent((job.attrs.data as { eventId: string }).eventId),
    { concurrency: 20, removeOnComplete: true, backoff: (ctx) => deps.retryDelaysMs[ctx.attempt - 1] ?? null },
  );
  deps.agenda.define(RECOVER_TRIGGER_EVENTS_JOB, async (job) => {
    await recover(Boolean((job.attrs.data as { startup?: boolean } | undefined)?.startup));
  });

  return {
    enqueue,
    recover,
    /** Queues the start-up sweep and the periodic one; both run once the scheduler starts. */
    async schedule(): Promise<void> {
      await deps.agenda.now(RECOVER_TRIGGER_EVENTS_JOB, { startup: true });
      await deps.agenda.every(deps.sweepEveryMs ?? 60_000, RECOVER_TRIGGER_EVENTS_JOB, { startup: false });
    },
  };
}

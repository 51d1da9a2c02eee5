import type { Agenda } from 'agenda';
import type { Logger } from 'pino';
import type { Clock } from '../domain/shared/clock.ts';
import type { IngestPressure } from '../triggers/ingest-pressure.ts';
import { RetryableFailure, type TriggerProcessor } from '../triggers/processor.ts';
import type { TriggerEventStore } from '../triggers/stores.ts';

// Inbound trigger processing on Agenda: one job per burst of accepted requests (retried
// with the configured backoff), and a recovery sweep that re-queues any `received` request whose
// hand-off was lost (a kill between the 202 and the job insert, a lost retry, a waiter
// whose waker died). Running an event twice is harmless: the processor claims it first,
// and runs it only when no earlier event of its targets is unsettled.

export const PROCESS_TRIGGER_EVENT_JOB = 'trigger-events.process';
export const RECOVER_TRIGGER_EVENTS_JOB = 'trigger-events.recover';

export interface TriggerJobsDeps {
  agenda: Agenda;
  processor: TriggerProcessor;
  triggerEvents: TriggerEventStore;
  clock: Clock;
  logger: Logger;
  retryDelaysMs: number[];
  recoveryGraceMs: number;
  /** While inbound posts arrive faster than this process should also run actions, processing waits. */
  pressure?: IngestPressure;
  sweepEveryMs?: number;
}

const BATCH = 200;
// Processing is deliberately narrow (one batch job per process, a few events at a
// time): accepting and storing inbound posts keeps priority over running their actions,
// and a burst is worked off behind it. Other gateway processes add their own lanes.
const PER_JOB = 8;
const HANDOFF_WINDOW_MS = 20;
const MAX_CHAIN = 64;

/** Runs `fn` over `items`, at most `limit` at a time; resolves with the failures. */
async function eachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<unknown[]> {
  const failures: unknown[] = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++];
      await fn(item).catch((err: unknown) => void failures.push(err));
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return failures;
}

export function defineTriggerEventJobs(deps: TriggerJobsDeps) {
  // Hand-offs within a short window share one job (one insert into the jobs collection
  // for a burst of posts, not one per post). An event whose hand-off is lost in a crash
  // is still `received` in the store, and the recovery sweep queues it.
  let pending: string[] = [];
  const flushPending = (): void => {
    const ids = pending.slice(0, BATCH);
    pending = pending.slice(BATCH);
    if (pending.length > 0) setTimeout(flushPending, HANDOFF_WINDOW_MS).unref();
    deps.agenda.now(PROCESS_TRIGGER_EVENT_JOB, { eventIds: ids }).catch((err: unknown) => {
      deps.logger.warn({ err, count: ids.length }, 'could not queue trigger events; recovery will pick them up');
    });
  };
  const enqueue = (eventId: string): void => {
    pending.push(eventId);
    if (pending.length === 1) setTimeout(flushPending, HANDOFF_WINDOW_MS).unref();
  };

  /** Re-queues `received` events nobody holds: all of them at start-up, the overdue ones later. */
  async function recover(all: boolean): Promise<number> {
    const now = deps.clock.now();
    const dueBy = all ? new Date(8.64e15) : now;
    let queued = 0;
    for (;;) {
      const due = await deps.triggerEvents.findDue(dueBy, now, 200);
      if (due.length === 0) break;
      await deps.triggerEvents.markQueued(
        due.map((e) => e.id),
        new Date(now.getTime() + deps.recoveryGraceMs),
      );
      for (const e of due) enqueue(e.id);
      queued += due.length;
      if (due.length < 200) break;
    }
    if (queued > 0) deps.logger.info({ queued }, 'recovered trigger events');
    return queued;
  }

  /** A woken event that failed gets a job of its own, due when its retry is. */
  const retryLater = (id: string, err: unknown): void => {
    const delayMs = err instanceof RetryableFailure ? err.delayMs : (deps.retryDelaysMs[0] ?? 0);
    deps.agenda.schedule(new Date(deps.clock.now().getTime() + delayMs), PROCESS_TRIGGER_EVENT_JOB, { eventIds: [id] }).catch((e: unknown) => {
      deps.logger.warn({ err: e, eventId: id }, 'could not queue a trigger event retry; recovery will pick it up');
    });
  };

  /** Runs an event, then, in the same lane, the events that waited for it on a target. */
  async function runChain(first: string): Promise<void> {
    const queue = [first];
    for (let step = 0; queue.length > 0; step++) {
      // A long run of one busy target goes on in a job of its own, so this job (and the
      // other targets queued behind it in this process) is not held for the whole backlog.
      if (step === MAX_CHAIN) {
        for (const id of queue) enqueue(id);
        return;
      }
      const id = queue.shift() as string;
      await deps.pressure?.yieldWhileBusy();
      try {
        queue.push(...(await deps.processor.processEvent(id)).next);
      } catch (err) {
        // The job's own event is retried by the job's backoff; a woken one by a job of its own.
        if (id === first) throw err;
        retryLater(id, err);
      }
    }
  }

  deps.agenda.define(
    PROCESS_TRIGGER_EVENT_JOB,
    async (job) => {
      // Re-running a batch is harmless: events already settled are skipped by the claim.
      const failures = await eachLimited((job.attrs.data as { eventIds: string[] }).eventIds, PER_JOB, runChain);
      if (failures.length > 0) throw failures[0];
    },
    { concurrency: 1, removeOnComplete: true, backoff: (ctx) => deps.retryDelaysMs[ctx.attempt - 1] ?? null },
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

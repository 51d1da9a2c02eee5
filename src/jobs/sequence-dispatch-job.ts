import type { Agenda } from 'agenda';

export const SEQUENCE_DISPATCH_JOB = 'sequence-dispatch';

/**
 * Due steps are found by `nextDueAt` on the sequences themselves; this recurring Agenda
 * job (one document, any process may run it) sends whatever is due, so a step goes out at
 * its `scheduledAt` within one interval even when no process was kicked by a launch.
 * Claims on the sequence documents (not Agenda's lock) keep two processes from sending
 * the same step. So the job only starts the pass (`run` joins the one already running in
 * this process) and returns: Agenda's lock is held for a moment, never for a whole pass,
 * and a process killed mid-pass does not keep every other one from taking the job (and
 * from recovering its expired claims) for the lock's lifetime.
 */
export function defineSequenceDispatchJob(agenda: Agenda, run: () => Promise<unknown>, intervalMs: number) {
  agenda.define(SEQUENCE_DISPATCH_JOB, async () => void run(), { concurrency: 1, lockLifetime: 10_000 });
  let ensured: Promise<unknown> | null = null;
  return {
    /** Creates the recurring job once per database (idempotent; called on the first launch of a process). */
    ensureScheduled(): Promise<unknown> {
      ensured ??= agenda.every(intervalMs, SEQUENCE_DISPATCH_JOB, undefined, { skipImmediate: true }).catch((err) => {
        ensured = null;
        throw err;
      });
      return ensured;
    },
  };
}

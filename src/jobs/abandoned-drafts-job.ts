import type { Agenda } from 'agenda';
import type { Logger } from 'pino';
import type { SweepOutcome } from '../domain/campaigns/abandoned-drafts.ts';

export const ABANDONED_DRAFTS_JOB = 'abandoned-drafts-sweep';

/**
 * The sweep of campaign drafts that failed and were never retried: one recurring job
 * document per database, any process may run it. Each run is bounded (a number of
 * drafts); what is left waits for the next run. Every step is safe to repeat, so a run
 * cut short by a crash is simply done again.
 */
export function defineAbandonedDraftsJob(agenda: Agenda, deps: { sweep: () => Promise<SweepOutcome>; logger: Logger; intervalMs: number }) {
  agenda.define(
    ABANDONED_DRAFTS_JOB,
    async () => {
      const out = await deps.sweep();
      if (out.revealed + out.deleted + out.columnsRemoved > 0) deps.logger.info(out, 'swept abandoned campaign drafts');
    },
    { concurrency: 1, lockLifetime: 10 * 60_000 },
  );
  let ensured: Promise<unknown> | null = null;
  return {
    /** Creates the recurring job once per database (idempotent): from the module's start(). */
    ensureScheduled(): Promise<unknown> {
      ensured ??= agenda.every(deps.intervalMs, ABANDONED_DRAFTS_JOB, undefined, { skipImmediate: true }).catch((err) => {
        ensured = null;
        throw err;
      });
      return ensured;
    },
  };
}

import type { Logger } from 'pino';
import type { TableRunWorker } from '../domain/table-runs/table-run-worker.ts';
import type { LeadCountRecounter } from '../domain/tables/lead-count-recount.ts';
import type { Scheduler } from './scheduler.ts';

export const TABLE_RUN_PROCESS = 'table-run-process';
export const TABLE_RUN_SWEEP = 'table-run-sweep';

interface ProcessData {
  orgId: string;
  tableRunId: string;
}

/**
 * The recurring sweep is one job document per database; it is created the first time
 * this process opens a table run and survives restarts from then on.
 */
export function tableRunSweepScheduler(scheduler: Scheduler, everyMs: number) {
  let ensured: Promise<unknown> | null = null;
  return () => {
    ensured ??= scheduler.agenda.every(everyMs, TABLE_RUN_SWEEP, undefined, { skipImmediate: true }).catch((err: unknown) => {
      ensured = null;
      throw err;
    });
    return ensured;
  };
}

/** Queueing only, so the table-run worker can be built before the job is defined. */
export function agendaTableRunScheduler(scheduler: Scheduler) {
  return async (orgId: string, tableRunId: string, at?: Date): Promise<void> => {
    const data: ProcessData = { orgId, tableRunId };
    if (!at || at.getTime() <= Date.now()) await scheduler.agenda.now(TABLE_RUN_PROCESS, data);
    else await scheduler.agenda.schedule(at, TABLE_RUN_PROCESS, data);
  };
}

/**
 * One job processes a whole table run: every due cell, then it settles the run or
 * schedules itself for the next retry. Duplicate jobs for one run are harmless (each
 * cell is claimed with a conditional write), so no uniqueness is needed.
 */
export function defineTableRunJobs(deps: {
  scheduler: Scheduler;
  worker: Pick<TableRunWorker, 'process' | 'sweep'>;
  leadCountRecounter: LeadCountRecounter;
  logger: Logger;
}) {
  deps.scheduler.agenda.define(
    TABLE_RUN_SWEEP,
    async () => {
      // The sweep also recounts the lead counts a crash left stale.
      const touched = (await deps.worker.sweep()) + (await deps.leadCountRecounter.recount());
      if (touched > 0) deps.logger.info({ touched }, 'table-run sweep rescheduled or settled runs');
    },
    { concurrency: 1, lockLifetime: 10 * 60_000 },
  );
  deps.scheduler.agenda.define<ProcessData>(
    TABLE_RUN_PROCESS,
    async (job) => {
      const { orgId, tableRunId } = job.attrs.data;
      await deps.worker.process(orgId, tableRunId);
    },
    { concurrency: 10, lockLifetime: 10 * 60_000, removeOnComplete: true },
  );
}

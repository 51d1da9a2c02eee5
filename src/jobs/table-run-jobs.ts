import type { Logger } from 'pino';
import type { TableRunService } from '../domain/batches/table-run-service.ts';
import type { Scheduler } from './scheduler.ts';

export const TABLE_RUN_PROCESS = 'table-run-process';

interface ProcessData {
  orgId: string;
  tableRunId: string;
}

/** Queueing only, so the table-run service can be built before the job is defined. */
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
export function defineTableRunJobs(deps: { scheduler: Scheduler; tableRuns: Pick<TableRunService, 'process'>; logger: Logger }) {
  deps.scheduler.agenda.define<ProcessData>(
    TABLE_RUN_PROCESS,
    async (job) => {
      const { orgId, tableRunId } = job.attrs.data;
      await deps.tableRuns.process(orgId, tableRunId);
    },
    { concurrency: 10, lockLifetime: 10 * 60_000, removeOnComplete: true },
  );
}

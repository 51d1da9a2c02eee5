import type { Agenda } from 'agenda';

export const WEBHOOK_RECOVER_JOB = 'webhook-recover';

interface RecoverJobData {
  orgId: string;
  recoveryId: string;
}

/** Large recovery windows run here; progress is saved per page, so a restart resumes it. */
export function defineWebhookRecoverJob(agenda: Agenda, run: (orgId: string, recoveryId: string) => Promise<unknown>): void {
  agenda.define<RecoverJobData>(WEBHOOK_RECOVER_JOB, async (job) => void (await run(job.attrs.data.orgId, job.attrs.data.recoveryId)), {
    concurrency: 2,
    lockLifetime: 10 * 60_000,
    removeOnComplete: true,
  });
}

/** Queueing only (by the job's name), so the delivery service can be built before its job is defined. */
export function webhookRecoverQueue(agenda: Agenda) {
  return async (orgId: string, recoveryId: string): Promise<void> => {
    await agenda.now<RecoverJobData>(WEBHOOK_RECOVER_JOB, { orgId, recoveryId });
  };
}

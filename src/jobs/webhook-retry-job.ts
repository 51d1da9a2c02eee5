import type { Agenda } from 'agenda';
import type { DeliveryRecord } from '../domain/webhooks/types.ts';

export const WEBHOOK_RETRY_JOB = 'webhook-delivery-retry';

interface RetryJobData {
  orgId: string;
  deliveryId: string;
}

/**
 * A scheduled retry is an Agenda job, so it survives restarts and any process may run
 * it; the delivery's own lease (not Agenda's lock) decides who makes the attempt.
 */
export function defineWebhookRetryJob(agenda: Agenda, attemptIfDue: (orgId: string, deliveryId: string) => Promise<void>): void {
  agenda.define<RetryJobData>(WEBHOOK_RETRY_JOB, async (job) => attemptIfDue(job.attrs.data.orgId, job.attrs.data.deliveryId), {
    concurrency: 50,
    lockLifetime: 120_000,
    removeOnComplete: true,
  });
}

/** Queueing only (by the job's name), so the dispatcher can be built before its job is defined. */
export function webhookRetryQueue(agenda: Agenda) {
  return async (d: DeliveryRecord): Promise<void> => {
    if (!d.nextAttemptAt) return;
    await agenda.schedule<RetryJobData>(d.nextAttemptAt, WEBHOOK_RETRY_JOB, { orgId: d.orgId, deliveryId: d.id });
  };
}

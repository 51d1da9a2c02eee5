import type { Db } from 'mongodb';
import type { Logger } from 'pino';
import type { GatewayConfig } from '../config/config.ts';
import { createDeliveryService } from '../domain/webhooks/delivery-service.ts';
import { createEndpointService } from '../domain/webhooks/endpoint-service.ts';
import type { Clock } from '../domain/shared/clock.ts';
import type { IdGenerator } from '../domain/shared/ids.ts';
import type { DeliveryRecord } from '../domain/webhooks/types.ts';
import { withTimeout } from '../domain/shared/with-timeout.ts';
import type { OutboxStore } from '../storage/outbox/outbox-store.ts';
import type { Scheduler } from '../jobs/scheduler.ts';
import { defineWebhookRecoverJob } from '../jobs/webhook-recover-job.ts';
import { defineWebhookRetryJob } from '../jobs/webhook-retry-job.ts';
import type { Metrics } from '../observability/metrics.ts';
import { createOutboundClient, type HostLookup, type OutboundClient } from '../outbound/http-client.ts';
import { createWebhookDeliveriesRepo } from '../storage/repositories/webhook-deliveries-repo.ts';
import type { SecretBox } from '../storage/encryption/secret-box.ts';
import { createWebhookEndpointsRepo } from '../storage/repositories/webhook-endpoints-repo.ts';
import { createWebhookRecoveriesRepo } from '../storage/repositories/webhook-recoveries-repo.ts';
import { createDispatcher } from './dispatcher.ts';
import { createEndpointDisabler } from './endpoint-disabled.ts';
import { createLastDeliveryNotes } from './last-delivery-notes.ts';
import { DEFAULT_RETRY_SCHEDULE_SECONDS } from './retry-policy.ts';

export interface WebhookServicesDeps {
  db: Db;
  config: GatewayConfig;
  logger: Logger;
  clock: Clock;
  ids: IdGenerator;
  metrics: Metrics;
  scheduler: Scheduler;
  outbox: OutboxStore;
  /** Seals endpoint secrets at rest. */
  secrets: SecretBox;
  /** Names this process in delivery leases. */
  instanceName: string;
  /** Name resolution for outbound calls (tests simulate a host rebound to loopback). */
  hostLookup?: HostLookup;
  /** Jitter source (tests pin it). */
  jitterRandom?: () => number;
  client?: OutboundClient;
}

/** The push plane: endpoint management, fan-out, dispatch, retries and the delivery log. */
export function createWebhookServices(deps: WebhookServicesDeps) {
  const cfg = deps.config.webhooks;
  const logger = deps.logger.child({ component: 'webhooks' });
  const endpointsRepo = createWebhookEndpointsRepo(deps.db, { secrets: deps.secrets, outbox: deps.outbox });
  const deliveriesRepo = createWebhookDeliveriesRepo(deps.db);
  const client =
    deps.client ?? createOutboundClient({ allowPrivateNetwork: deps.config.allowPrivateNetwork, connectionsPerOrigin: 128, lookup: deps.hostLookup });
  const retentionMs = cfg.retentionDays * 24 * 60 * 60 * 1000;
  const counters = {
    delivered: deps.metrics.counter('og_webhook_deliveries_delivered_total', 'Webhook deliveries that reached their endpoint'),
    failed: deps.metrics.counter('og_webhook_deliveries_failed_total', 'Webhook deliveries given up (failed after every retry, or dropped)', ['status']),
    retrying: deps.metrics.counter('og_webhook_retries_scheduled_total', 'Failed webhook attempts that were scheduled for a retry'),
  };
  deps.metrics.gauge('og_webhook_pending_deliveries', 'Webhook deliveries not yet delivered or given up', async (g) => {
    g.set(await withTimeout(deliveriesRepo.countPending(), 2_000).catch(() => Number.NaN));
  });

  let scheduleRetry: (d: DeliveryRecord) => Promise<void> = async () => {};
  const dispatcher = createDispatcher({
    endpoints: endpointsRepo,
    deliveries: deliveriesRepo,
    events: deps.outbox.events,
    client,
    clock: deps.clock,
    ids: deps.ids,
    random: deps.jitterRandom ?? Math.random,
    logger,
    owner: `${deps.instanceName}:${deps.ids.uuid()}`,
    timeoutMs: cfg.timeoutMs,
    retryScheduleSeconds: deps.config.retryScheduleSeconds ?? DEFAULT_RETRY_SCHEDULE_SECONDS,
    disableAfterFailures: cfg.disableAfterFailures,
    noteDelivered: createLastDeliveryNotes({ endpoints: endpointsRepo, logger }),
    disableEndpoint: createEndpointDisabler({ endpoints: endpointsRepo, outbox: deps.outbox, logger, metrics: deps.metrics }),
    retentionMs,
    scheduleRetry: (d) => scheduleRetry(d),
    onOutcome(saved) {
      if (saved.status === 'delivered') counters.delivered.inc();
      else if (saved.status === 'pending') counters.retrying.inc();
      else counters.failed.inc({ status: saved.status });
    },
  });
  // Jobs are defined here, before the scheduler starts.
  scheduleRetry = defineWebhookRetryJob(deps.scheduler.agenda, dispatcher.attemptIfDue);
  const deliveries = createDeliveryService({
    endpoints: endpointsRepo,
    deliveries: deliveriesRepo,
    recoveries: createWebhookRecoveriesRepo(deps.db),
    ids: deps.ids,
    clock: deps.clock,
    retentionMs,
    dispatchSoon: dispatcher.dispatchSoon,
    scheduleRecovery: (orgId, id) => scheduleRecovery(orgId, id),
  });
  const scheduleRecovery = defineWebhookRecoverJob(deps.scheduler.agenda, deliveries.runRecovery);
  let sweepTimer: NodeJS.Timeout | undefined;
  const endpoints = createEndpointService({
    endpoints: endpointsRepo,
    deliveries: deliveriesRepo,
    outbox: deps.outbox,
    ids: deps.ids,
    clock: deps.clock,
    maxEnabledEndpoints: cfg.maxEndpoints,
    allowPrivateNetwork: deps.config.allowPrivateNetwork,
    dispatch: {
      fanOut: dispatcher.fanOut,
      async resume(orgId, endpointId) {
        if ((await deliveriesRepo.resumePaused(orgId, endpointId, deps.clock.now())) > 0) void runSweep();
      },
    },
  });
  deps.outbox.onRecording((batch, recorded) => dispatcher.onRecording(batch, recorded));

  let sweeping: Promise<unknown> | undefined;
  function runSweep() {
    sweeping ??= dispatcher
      .sweep(cfg.sweepIntervalMs)
      .catch((err) => logger.error({ err }, 'webhook recovery sweep failed'))
      .finally(() => {
        sweeping = undefined;
      });
    return sweeping;
  }

  return {
    endpoints,
    deliveries,
    dispatcher,
    /** Starts the per-process recovery loop (events not fanned out, overdue deliveries). */
    start() {
      sweepTimer = setInterval(runSweep, cfg.sweepIntervalMs);
      sweepTimer.unref();
      void runSweep();
    },
    async stop() {
      clearInterval(sweepTimer);
      await dispatcher.stop(5_000);
      await sweeping;
      if (!deps.client) await client.close();
    },
  };
}

export type WebhookServices = ReturnType<typeof createWebhookServices>;

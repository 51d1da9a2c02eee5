import type { Db } from 'mongodb';
import type { Logger } from 'pino';
import type { GatewayConfig } from '../config/config.ts';
import { createDeliveryService } from '../domain/webhooks/delivery-service.ts';
import { createDeliveryStats } from '../domain/webhooks/delivery-stats.ts';
import { createEndpointService } from '../domain/webhooks/endpoint-service.ts';
import type { Clock } from '../domain/shared/clock.ts';
import type { IdGenerator } from '../domain/shared/ids.ts';
import type { DeliveryRecord } from '../domain/webhooks/types.ts';
import { withTimeout } from '../domain/shared/with-timeout.ts';
import type { OutboxStore } from '../storage/outbox/outbox-store.ts';
import type { Scheduler } from '../jobs/scheduler.ts';
import { defineWebhookRecoverJob, webhookRecoverQueue } from '../jobs/webhook-recover-job.ts';
import { defineWebhookRetryJob, webhookRetryQueue } from '../jobs/webhook-retry-job.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { OutboundClient } from '../outbound/http-client.ts';
import { createWebhookDeliveriesRepo } from '../storage/repositories/webhook-deliveries-repo.ts';
import { createWebhookDeliveryStatsRepo } from '../storage/repositories/webhook-delivery-stats-repo.ts';
import type { SecretBox } from '../storage/encryption/secret-box.ts';
import { createWebhookEndpointsRepo } from '../storage/repositories/webhook-endpoints-repo.ts';
import { createWebhookRecoveriesRepo } from '../storage/repositories/webhook-recoveries-repo.ts';
import { createDispatcher } from '../webhooks/dispatcher.ts';
import { createEndpointDisabler } from '../webhooks/endpoint-disabled.ts';
import { createLastDeliveryNotes } from '../webhooks/last-delivery-notes.ts';
import { DEFAULT_RETRY_SCHEDULE_SECONDS } from '../webhooks/retry-policy.ts';

export interface WebhooksModuleDeps {
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
  /** Jitter source (tests pin it). */
  jitterRandom?: () => number;
  /** Deliveries go out through it (its owner closes it). */
  client: OutboundClient;
}

/** Delivery outcomes as metrics, and the pending count read when scraped. */
function deliveryMetrics(metrics: Metrics, deliveries: { countPending(): Promise<number> }) {
  const delivered = metrics.counter('og_webhook_deliveries_delivered_total', 'Webhook deliveries that reached their endpoint');
  const failed = metrics.counter('og_webhook_deliveries_failed_total', 'Webhook deliveries given up (failed after every retry, or dropped)', ['status']);
  const retrying = metrics.counter('og_webhook_retries_scheduled_total', 'Failed webhook attempts that were scheduled for a retry');
  metrics.gauge('og_webhook_pending_deliveries', 'Webhook deliveries not yet delivered or given up', async (g) => {
    g.set(await withTimeout(deliveries.countPending(), 2_000).catch(() => Number.NaN));
  });
  return (saved: DeliveryRecord) => {
    if (saved.status === 'delivered') delivered.inc();
    else if (saved.status === 'pending') retrying.inc();
    else failed.inc({ status: saved.status });
  };
}

/** The per-process recovery sweep: on a timer, and on demand; one pass at a time. */
function sweepLoop(dispatcher: { sweep(intervalMs: number): Promise<unknown> }, intervalMs: number, logger: Logger) {
  let timer: NodeJS.Timeout | undefined;
  let sweeping: Promise<unknown> | undefined;
  function run() {
    sweeping ??= dispatcher
      .sweep(intervalMs)
      .catch((err) => logger.error({ err }, 'webhook recovery sweep failed'))
      .finally(() => {
        sweeping = undefined;
      });
    return sweeping;
  }
  return {
    run,
    start() {
      timer = setInterval(run, intervalMs);
      timer.unref();
      void run();
    },
    stopTimer: () => clearInterval(timer),
    idle: () => sweeping,
  };
}

type EndpointsRepo = ReturnType<typeof createWebhookEndpointsRepo>;
type DeliveriesRepo = ReturnType<typeof createWebhookDeliveriesRepo>;

/** Fan-out and attempts, with this process's lease owner, retry job and outcome metrics. */
function buildDispatcher(
  deps: WebhooksModuleDeps,
  repos: { endpointsRepo: EndpointsRepo; deliveriesRepo: DeliveriesRepo },
  logger: Logger,
  retentionMs: number,
) {
  const cfg = deps.config.webhooks;
  const { endpointsRepo, deliveriesRepo } = repos;
  return createDispatcher({
    endpoints: endpointsRepo,
    deliveries: deliveriesRepo,
    events: deps.outbox.events,
    client: deps.client,
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
    scheduleRetry: webhookRetryQueue(deps.scheduler.agenda),
    onOutcome: deliveryMetrics(deps.metrics, deliveriesRepo),
  });
}

/** The push plane: endpoint management, fan-out, dispatch, retries and the delivery log. */
export function createWebhooksModule(deps: WebhooksModuleDeps) {
  const cfg = deps.config.webhooks;
  const logger = deps.logger.child({ component: 'webhooks' });
  const endpointsRepo = createWebhookEndpointsRepo(deps.db, { secrets: deps.secrets, outbox: deps.outbox });
  const deliveriesRepo = createWebhookDeliveriesRepo(deps.db);
  const retentionMs = cfg.retentionDays * 24 * 60 * 60 * 1000;
  const dispatcher = buildDispatcher(deps, { endpointsRepo, deliveriesRepo }, logger, retentionMs);
  // Job handlers are registered here, before the scheduler starts.
  defineWebhookRetryJob(deps.scheduler.agenda, dispatcher.attemptIfDue);
  const deliveries = createDeliveryService({
    endpoints: endpointsRepo,
    deliveries: deliveriesRepo,
    recoveries: createWebhookRecoveriesRepo(deps.db),
    ids: deps.ids,
    clock: deps.clock,
    retentionMs,
    dispatchSoon: dispatcher.dispatchSoon,
    scheduleRecovery: webhookRecoverQueue(deps.scheduler.agenda),
  });
  defineWebhookRecoverJob(deps.scheduler.agenda, deliveries.runRecovery);
  const sweep = sweepLoop(dispatcher, cfg.sweepIntervalMs, logger);
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
        if ((await deliveriesRepo.resumePaused(orgId, endpointId, deps.clock.now())) > 0) void sweep.run();
      },
    },
  });
  deps.outbox.onRecording((batch, recorded) => dispatcher.onRecording(batch, recorded));

  return {
    services: {
      endpoints,
      deliveries,
      dispatcher,
      deliveryStats: createDeliveryStats({ store: createWebhookDeliveryStatsRepo(deps.db), clock: deps.clock }),
    },
    /** Starts the per-process recovery loop (events not fanned out, overdue deliveries). */
    start: async () => sweep.start(),
    async stop() {
      sweep.stopTimer();
      await dispatcher.stop(5_000);
      await sweep.idle();
    },
  };
}

export type WebhookServices = ReturnType<typeof createWebhooksModule>['services'];

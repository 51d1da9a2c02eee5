import type { Db } from 'mongodb';
import { withTimeout } from '../domain/shared/with-timeout.ts';
import type { Logger } from 'pino';
import type { GatewayConfig } from '../config/config.ts';
import { createEventService } from '../events/event-service.ts';
import { createEventStreamHub } from '../events/event-stream-hub.ts';
import { createApiKeyService } from '../domain/api-keys/api-key-service.ts';
import { createDeliveryStats } from '../domain/webhooks/delivery-stats.ts';
import { createWebhookDeliveryStatsRepo } from '../storage/repositories/webhook-delivery-stats-repo.ts';
import { createPortalSessionService } from '../domain/portal-sessions/portal-session-service.ts';
import { createOrganizationService } from '../domain/organizations/organization-service.ts';
import type { Clock } from '../domain/shared/clock.ts';
import type { IdGenerator, RandomBytes } from '../domain/shared/ids.ts';
import type { ReadinessProbe } from '../http/routes/operations-routes.ts';
import type { Scheduler } from '../jobs/scheduler.ts';
import type { HostLookup } from '../outbound/http-client.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { StoreAvailability } from '../storage/store-health.ts';
import { createApiKeysRepo } from '../storage/repositories/api-keys-repo.ts';
import { createPortalSessionsRepo } from '../storage/repositories/portal-sessions-repo.ts';
import { createOrganizationsRepo } from '../storage/repositories/organizations-repo.ts';
import { createRateLimiter } from '../http/rate-limit/rate-limiter.ts';
import { createRateLimitRepo } from '../storage/repositories/rate-limit-repo.ts';
import { createTriggerEventsRepo } from '../storage/repositories/trigger-events-repo.ts';
import { createOutboxStore } from '../storage/outbox/outbox-store.ts';
import type { SecretBox } from '../storage/encryption/secret-box.ts';
import { createTriggersRepo } from '../storage/repositories/triggers-repo.ts';
import { loadTriggerSecret } from '../triggers/server-secret.ts';
import { createTriggerModule } from '../triggers/trigger-module.ts';
import { rowUpserterFrom } from '../triggers/row-upserter.ts';
import { createAgentServices } from './agent-services.ts';
import { createTableServices } from './table-services.ts';
import { createWebhookServices } from '../webhooks/webhook-services.ts';
import { createSequenceServices } from './sequence-services.ts';

export interface ServiceDeps {
  db: Db;
  config: GatewayConfig;
  logger: Logger;
  clock: Clock;
  ids: IdGenerator;
  random?: RandomBytes;
  metrics: Metrics;
  scheduler: Scheduler;
  /** Name resolution for outbound calls (tests simulate a host rebound to loopback). */
  hostLookup?: HostLookup;
  /** Seals recoverable secrets at the repositories' boundary. */
  secrets: SecretBox;
  /** The store monitor: while it reports an outage, readiness fails without waiting on a ping. */
  store?: StoreAvailability;
}

/** Builds every domain service on its repositories; the composition root calls it once. */
export function createServices(deps: ServiceDeps) {
  const organizations = createOrganizationService({ store: createOrganizationsRepo(deps.db), ids: deps.ids, clock: deps.clock });
  const apiKeys = createApiKeyService({ store: createApiKeysRepo(deps.db), ids: deps.ids, clock: deps.clock, random: deps.random });
  const portalSessions = createPortalSessionService({
    store: createPortalSessionsRepo(deps.db),
    ids: deps.ids,
    clock: deps.clock,
    random: deps.random,
    publicUrl: deps.config.publicUrl,
  });
  const deliveryStats = createDeliveryStats({ store: createWebhookDeliveryStatsRepo(deps.db), clock: deps.clock });
  const outbox = createOutboxStore({ db: deps.db, ids: deps.ids, clock: deps.clock, logger: deps.logger });
  const triggers = createTriggerModule({
    triggers: createTriggersRepo(deps.db, { secrets: deps.secrets }),
    events: createTriggerEventsRepo(deps.db, { outbox }),
    outbox,
    agenda: deps.scheduler.agenda,
    ids: deps.ids,
    clock: deps.clock,
    logger: deps.logger,
    publicUrl: deps.config.publicUrl,
    loadSecret: () => loadTriggerSecret(deps.db, deps.config.triggerSecret, deps.secrets),
    limiter: createRateLimiter({ store: createRateLimitRepo(deps.db), clock: deps.clock }),
    defaultRateLimitPerMinute: deps.config.rateLimitOrgPerMinute,
    // OG_RETRY_SCHEDULE's first slot is the immediate attempt; the rest are retry delays.
    retryDelaysMs: (deps.config.retryScheduleSeconds?.slice(1) ?? [5, 30, 120, 600, 1800]).map((s) => s * 1000),
    replies: () => sequenceServices.replyHandler,
    rows: () => rowUpserterFrom(tableServices.upsertRows),
    requireTable: (orgId, tableId) => tableServices.tables.require(orgId, tableId),
  });
  const tableServices = createTableServices({ ...deps, outbox });
  const { agents, agentWorkers, agentCallbacks } = createAgentServices({ ...deps, outbox, apiKeys, tables: tableServices.tables });
  const sequenceServices = createSequenceServices({
    ...deps,
    outbox,
    workspaceTables: (orgId, workspaceId) => agents.tableIdsInWorkspace(orgId, workspaceId),
    agentDrafting: () => ({
      async draftWithAgent(orgId, table, instructions) {
        const prompt = `Draft an outreach campaign on table "${table.name}" (${table.id}). ${instructions}`;
        // The run's key has read/write only and listing senders needs admin: the task carries them.
        const senders = (await sequenceServices.senders.list(orgId, { limit: 100 })).items.map((s) => ({
          id: s.id,
          channel: s.channel,
          name: s.name,
          displayName: s.displayName,
          email: s.email,
          linkedinSlug: s.linkedinSlug,
        }));
        const task = { type: 'campaign.draft' as const, tableId: table.id, instructions, senders };
        const started = await agents.createAgentAndRun(orgId, { prompt, focusTableIds: [table.id], task });
        return { agent: started.agent, run: started.run, table: { object: 'table', id: table.id, name: table.name } };
      },
      async editWithAgent(orgId, { agentId, existing, task, prompt }) {
        const input = { prompt, focusTableIds: [task.tableId], task };
        if (!existing) {
          const started = await agents.createAgentAndRun(orgId, { ...input, agentId, name: `Edits of ${task.campaign.name}`.slice(0, 60) });
          return { agent: started.agent, run: started.run };
        }
        const { run } = await agents.sendRun(orgId, agentId, input);
        const { object, id, name, workspaceId, createdAt } = await agents.get(orgId, agentId);
        return { agent: { object, id, name, workspaceId, createdAt }, run };
      },
    }),
  });
  const webhooks = createWebhookServices({ ...deps, outbox, instanceName: `pid-${process.pid}` });
  const events = createEventService({ events: outbox.events, clock: deps.clock, retentionMs: deps.config.eventRetentionDays * 86_400_000 });
  const eventStreams = createEventStreamHub({
    events: outbox.events,
    clock: deps.clock,
    logger: deps.logger,
    maxPerOrg: deps.config.eventStream.maxPerOrg,
    heartbeatMs: deps.config.eventStream.heartbeatMs,
    retentionMs: deps.config.eventRetentionDays * 86_400_000,
  });
  // Events this process records reach its streams without waiting for the next poll.
  outbox.onRecording(
    (_batch, recorded) =>
      void recorded.then(
        () => eventStreams.wake(),
        () => undefined,
      ),
  );
  const readiness: ReadinessProbe = {
    async checks() {
      const database =
        deps.store?.isAvailable() !== false &&
        (await withTimeout(deps.db.command({ ping: 1 }), 2_000)
          .then(() => true)
          .catch((err: unknown) => {
            deps.store?.report(err);
            return false;
          }));
      return { database, scheduler: deps.scheduler.isRunning() };
    },
  };
  return {
    secrets: deps.secrets,
    organizations,
    apiKeys,
    portalSessions,
    deliveryStats,
    outbox,
    events,
    eventStreams,
    readiness,
    metrics: deps.metrics,
    scheduler: deps.scheduler,
    webhooks,
    triggers,
    agents,
    agentWorkers,
    agentCallbacks,
    ...tableServices,
    ...sequenceServices,
  };
}

export type GatewayServices = ReturnType<typeof createServices>;

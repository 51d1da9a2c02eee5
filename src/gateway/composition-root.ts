import type { Db } from 'mongodb';
import type { Logger } from 'pino';
import type { GatewayConfig } from '../config/config.ts';
import type { Clock } from '../domain/shared/clock.ts';
import type { IdGenerator, RandomBytes } from '../domain/shared/ids.ts';
import { withTimeout } from '../domain/shared/with-timeout.ts';
import { createOutboxStore } from '../storage/outbox/outbox-store.ts';
import type { Scheduler } from '../jobs/scheduler.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { HostLookup } from '../outbound/http-client.ts';
import { createOutboundPools } from '../outbound/outbound-pools.ts';
import type { SecretBox } from '../storage/encryption/secret-box.ts';
import type { StoreAvailability } from '../storage/store-health.ts';
import { rowUpserterFrom } from '../triggers/row-upserter.ts';
import { createAgentsModule } from './agents-module.ts';
import { createEventsModule } from './events-module.ts';
import { createKeysModule } from './keys-module.ts';
import type { GatewayModule, ModuleDeps } from './module-deps.ts';
import { createReadiness } from './readiness.ts';
import { createSequencesModule } from './sequences-module.ts';
import { createTablesModule } from './tables-module.ts';
import { createTriggersModule } from './triggers-module.ts';
import { createWebhooksModule } from './webhooks-module.ts';

const RELEASE_TIMEOUT_MS = 2_000;

export interface RootDeps {
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

/**
 * The composition root: every module, built once, in dependency order, so each one gets
 * the services of the modules before it as plain values. Outbound HTTP pools are created
 * here, by their one owner, and closed by stop().
 */
export function composeModules(deps: RootDeps) {
  const pools = createOutboundPools({ allowPrivateNetwork: deps.config.allowPrivateNetwork, lookup: deps.hostLookup });
  const outbox = createOutboxStore({ db: deps.db, ids: deps.ids, clock: deps.clock, logger: deps.logger });
  const base: ModuleDeps = { ...deps, outbox };
  const keys = createKeysModule({ ...base, random: deps.random });
  const tables = createTablesModule({ ...base, outbound: pools.client('enrichment') });
  const agents = createAgentsModule({
    ...base,
    apiKeys: keys.services.apiKeys,
    tables: tables.services.tables,
    outbound: pools.client('agent-workers'),
  });
  const sequences = createSequencesModule({ ...base, agents: agents.services.agents, outbound: pools.client('http-senders') });
  const triggers = createTriggersModule({
    ...base,
    rows: rowUpserterFrom(tables.services.upsertRows),
    replies: sequences.services.replyHandler,
    requireTable: (orgId, tableId) => tables.services.tables.require(orgId, tableId),
  });
  const webhooks = createWebhooksModule({
    ...base,
    metrics: deps.metrics,
    instanceName: `pid-${process.pid}`,
    client: pools.client('webhooks', { connectionsPerOrigin: 128 }),
  });
  // Last: its relay feeds the listeners the modules above registered with the outbox.
  const events = createEventsModule(base);
  const modules: GatewayModule<unknown>[] = [keys, tables, agents, sequences, triggers, webhooks, events];

  const services = {
    secrets: deps.secrets,
    ...keys.services,
    deliveryStats: webhooks.services.deliveryStats,
    outbox,
    ...events.services,
    readiness: createReadiness(deps),
    metrics: deps.metrics,
    scheduler: deps.scheduler,
    webhooks: webhooks.services,
    triggers: triggers.services,
    ...agents.services,
    ...tables.services,
    ...sequences.services,
  };
  return {
    services,
    pools,
    /** Modules in dependency order (their jobs scheduled), then the scheduler that runs the jobs. */
    async start() {
      for (const m of modules) await m.start();
      await deps.scheduler.start();
    },
    /** Modules in reverse order (the event sources first), then the scheduler, then the pools. */
    async stop() {
      try {
        for (const m of [...modules].reverse()) await m.stop();
        await deps.scheduler.stop();
        // Nothing records events any more: the numbers this process holds are given back,
        // so other processes' streams do not wait out the hole wait for them.
        await withTimeout(outbox.events.sequence.releaseAll(), RELEASE_TIMEOUT_MS).catch((err: Error) =>
          deps.logger.warn({ err }, 'could not give back unused event numbers'),
        );
      } finally {
        await pools.closeAll();
      }
    },
  };
}

export type GatewayServices = ReturnType<typeof composeModules>['services'];

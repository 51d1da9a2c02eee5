import type Koa from 'koa';
import type { Db } from 'mongodb';
import type { Logger } from 'pino';
import type { GatewayConfig } from '../config/config.ts';
import { systemClock, type Clock } from '../domain/shared/clock.ts';
import { createIdGenerator, type IdGenerator, type RandomBytes } from '../domain/shared/ids.ts';
import { createHttpApp } from '../http/app.ts';
import { CONSOLE_DIR, consoleCatalog } from '../http/console/console-assets.ts';
import { loadSpec, loadSpecText, stringifySpec, type OpenApiDocument } from '../http/openapi/spec.ts';
import { docsRoutes } from '../http/routes/docs-routes.ts';
import { createRateLimiter, type RateLimiter } from '../http/rate-limit/rate-limiter.ts';
import { allRoutes } from '../http/routes/index.ts';
import { createScheduler } from '../jobs/scheduler.ts';
import type { HostLookup } from '../outbound/http-client.ts';
import { createMetrics, type Metrics } from '../observability/metrics.ts';
import { allIndexes } from '../storage/all-indexes.ts';
import { ensureIndexes } from '../storage/indexes.ts';
import { ensureTtlIndex } from '../storage/ttl-index.ts';
import { TRIGGER_EVENTS_COLLECTION } from '../triggers/stores.ts';
import { ensureEventRetention } from '../events/events-repo.ts';
import { EVENT_SEQUENCE_GAPS_COLLECTION, SEQUENCE_GAPS_TTL_INDEX } from '../events/event-sequence.ts';
import { createIdempotencyRepo } from '../storage/repositories/idempotency-repo.ts';
import { createRateLimitRepo } from '../storage/repositories/rate-limit-repo.ts';
import { resealSecrets, type ResealResult } from '../storage/encryption/reseal-sweep.ts';
import type { SecretBox } from '../storage/encryption/secret-box.ts';
import { secretBoxFromConfig } from './encryption-key.ts';
import { createStoreHealth, type StoreHealth } from '../storage/store-health.ts';
import { composeModules, type GatewayServices } from './composition-root.ts';
import type { OutboundPools } from '../outbound/outbound-pools.ts';

export interface GatewayOptions {
  config: GatewayConfig;
  db: Db;
  logger: Logger;
  clock?: Clock;
  random?: RandomBytes;
  doc?: OpenApiDocument;
  /** Names this process in job locks; defaults to host:pid. */
  instanceName?: string;
  schedulerProcessEveryMs?: number;
  /** Name resolution for outbound calls (tests simulate a host rebound to loopback). */
  hostLookup?: HostLookup;
  /** Seals secrets at rest; defaults to OG_ENCRYPTION_KEY (runGateway resolves the embedded default). */
  secrets?: SecretBox;
  /** Store probe period and ping timeout (defaults 1000 and 2000 ms). */
  storeProbe?: { intervalMs?: number; timeoutMs?: number };
  /** Where the console's static files are (defaults to the package's `console/`). */
  consoleDir?: string;
}

export interface Gateway {
  app: Koa;
  services: GatewayServices;
  /** The owner of every outbound HTTP pool the gateway opened (all closed by stop()). */
  pools: OutboundPools;
  /** Indexes, bootstrap key, background jobs: everything before the first request. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** The background sweep start() begins: plaintext secrets migrated, old-key values re-sealed. */
  resealed(): Promise<ResealResult | null>;
}

/** Whether the database answers, as the requests and /readyz see it (changes are logged). */
function storeHealth(opts: GatewayOptions, clock: Clock) {
  return createStoreHealth({
    ping: () => opts.db.command({ ping: 1 }),
    clock,
    ...opts.storeProbe,
    onChange: (available, cause) => {
      if (available) opts.logger.info('database reachable again');
      else opts.logger.warn({ err: cause }, 'database unavailable: answering 503 until it is back');
    },
  });
}

export function createGateway(opts: GatewayOptions): Gateway {
  const clock = opts.clock ?? systemClock;
  const ids = createIdGenerator({ clock, random: opts.random });
  const metrics = createMetrics();
  const secrets = opts.secrets ?? secretBoxFromConfig(opts.config);
  if (!secrets) throw new Error('no encryption key: set OG_ENCRYPTION_KEY (32 bytes, base64)');
  const scheduler = createScheduler({
    db: opts.db,
    logger: opts.logger,
    name: opts.instanceName ?? `gateway-${process.pid}`,
    processEveryMs: opts.schedulerProcessEveryMs,
  });
  const store = storeHealth(opts, clock);
  const root = composeModules({
    db: opts.db,
    config: opts.config,
    logger: opts.logger,
    clock,
    ids,
    random: opts.random,
    metrics,
    scheduler,
    secrets,
    hostLookup: opts.hostLookup,
    store,
  });
  const services = root.services;
  const limiter = createRateLimiter({ store: createRateLimitRepo(opts.db), clock });
  const app = buildApp(opts, { services, limiter, clock, ids, metrics, store });
  let sweeper: NodeJS.Timeout | undefined;
  let stopping = false;
  let resealing: Promise<ResealResult | null> = Promise.resolve(null);

  return {
    app,
    services,
    pools: root.pools,
    async start() {
      await ensureIndexes(opts.db, allIndexes);
      await ensureRetention(opts.db, opts.config);
      // In the background: the gateway serves meanwhile (reads open plaintext and old-key
      // values alike), and a restart simply resumes it.
      resealing = resealSecrets({ db: opts.db, secrets, logger: opts.logger, stopped: () => stopping }).catch((err: Error) => {
        opts.logger.warn({ err: err.message }, 'sealing stored secrets under the current key stopped; the next start resumes it');
        return null;
      });
      store.start();
      sweeper = setInterval(() => limiter.sweep(), 60_000);
      sweeper.unref();
      await root.start();
    },
    resealed: () => resealing,
    async stop() {
      stopping = true;
      clearInterval(sweeper);
      await root.stop();
      await resealing;
      store.stop();
    },
  };
}

/** The HTTP face: the spec's operations, the docs and the console, on the gateway's services. */
function buildApp(
  opts: GatewayOptions,
  own: { services: GatewayServices; limiter: RateLimiter; clock: Clock; ids: IdGenerator; metrics: Metrics; store: StoreHealth },
): Koa {
  const { services, limiter, clock, ids, metrics, store } = own;
  const doc = opts.doc ?? loadSpec();
  return createHttpApp({
    doc,
    handlers: { ...allRoutes(services), ...docsRoutes({ doc, specText: opts.doc ? stringifySpec(opts.doc) : loadSpecText() }) },
    operationDeps: {
      apiKeys: services.apiKeys,
      portalSessions: services.portalSessions,
      limiter,
      idempotencyStore: createIdempotencyRepo(opts.db),
      clock,
      ids,
      limits: { ipPerMinute: opts.config.rateLimitIpPerMinute, orgPerMinute: opts.config.rateLimitOrgPerMinute, bodyBytes: opts.config.bodyLimitBytes },
    },
    logger: opts.logger,
    metrics,
    ids,
    trustProxy: opts.config.trustProxy,
    store,
    console: { dir: opts.consoleDir ?? CONSOLE_DIR, generated: { 'catalog.json': consoleCatalog(doc) }, frameAncestors: opts.config.consoleFrameAncestors },
  });
}

/** What the store expires by itself: received trigger posts, events and stream gap marks. */
async function ensureRetention(db: Db, config: GatewayConfig): Promise<void> {
  await ensureTtlIndex(db, {
    collection: TRIGGER_EVENTS_COLLECTION,
    name: 'retention_ttl',
    field: 'receivedAt',
    expireAfterSeconds: config.triggerEventRetentionDays * 86_400,
  });
  await ensureEventRetention(db, config.eventRetentionDays * 86_400);
  await ensureTtlIndex(db, {
    collection: EVENT_SEQUENCE_GAPS_COLLECTION,
    name: SEQUENCE_GAPS_TTL_INDEX,
    field: 'at',
    expireAfterSeconds: config.eventRetentionDays * 86_400,
  });
}

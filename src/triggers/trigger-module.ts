import type { Agenda } from 'agenda';
import type { Logger } from 'pino';
import type { Clock } from '../domain/shared/clock.ts';
import type { IdGenerator } from '../domain/shared/ids.ts';
import type { Outbox } from '../events/outbox.ts';
import { defineTriggerEventJobs } from '../jobs/trigger-events.ts';
import type { ReplyHandler, RowUpserter } from './actions.ts';
import { createTriggerEventLog } from './event-log.ts';
import { createIngestService } from './ingest.ts';
import { createIngestPressure } from './ingest-pressure.ts';
import { createTriggerProcessor } from './processor.ts';
import { createSchemaCache } from './schema-cache.ts';
import type { TriggerEventStore, TriggerStore } from './stores.ts';
import { createTriggerTokens, type TriggerTokens } from './token.ts';
import { createTriggerService } from './trigger-service.ts';

export interface TriggerModuleDeps {
  triggers: TriggerStore;
  triggerEvents: TriggerEventStore;
  outbox: Outbox;
  agenda: Agenda;
  ids: IdGenerator;
  clock: Clock;
  logger: Logger;
  publicUrl: string;
  /** Resolves the server secret that keys every URL's MAC (loaded once, on first use). */
  loadSecret: () => Promise<Buffer>;
  limiter: { take(key: string, limit: number): Promise<{ allowed: boolean; retryAfterSeconds: number }> };
  defaultRateLimitPerMinute: number;
  retryDelaysMs: number[];
  /** The actions' collaborators: the rows upsert and reply matching (null: the action fails for good). */
  rows: RowUpserter | null;
  replies: ReplyHandler | null;
  /** The tables domain's lookup, to refuse a rows.upsert trigger on a table the organization lacks. */
  requireTable?: (orgId: string, tableId: string) => Promise<unknown>;
  recoveryGraceMs?: number;
  rotationGraceMs?: number;
}

/** Everything behind trigger URLs: management, ingestion, processing jobs, event log. */
/** The URL signing keys, loaded on first use (and again after a failed load). */
function lazyTokens(loadSecret: TriggerModuleDeps['loadSecret']): () => Promise<TriggerTokens> {
  let tokens: Promise<TriggerTokens> | undefined;
  return () => {
    tokens ??= loadSecret().then(createTriggerTokens);
    tokens.catch(() => (tokens = undefined));
    return tokens;
  };
}

/** Processing of received posts: the processor and the jobs that run it. */
function buildProcessing(deps: TriggerModuleDeps, recoveryGraceMs: number) {
  const processor = createTriggerProcessor({
    triggers: deps.triggers,
    triggerEvents: deps.triggerEvents,
    outbox: deps.outbox,
    clock: deps.clock,
    logger: deps.logger,
    rows: deps.rows,
    replies: deps.replies,
    retryDelaysMs: deps.retryDelaysMs,
    recoveryGraceMs,
  });
  const pressure = createIngestPressure();
  const jobs = defineTriggerEventJobs({
    pressure,
    agenda: deps.agenda,
    processor,
    triggerEvents: deps.triggerEvents,
    clock: deps.clock,
    logger: deps.logger,
    retryDelaysMs: deps.retryDelaysMs,
    recoveryGraceMs,
  });
  return { processor, pressure, jobs };
}

export function createTriggerModule(deps: TriggerModuleDeps) {
  const getTokens = lazyTokens(deps.loadSecret);
  const schemas = createSchemaCache();
  const recoveryGraceMs = deps.recoveryGraceMs ?? 60_000;
  const { processor, pressure, jobs } = buildProcessing(deps, recoveryGraceMs);
  const ingest = createIngestService({
    triggers: deps.triggers,
    triggerEvents: deps.triggerEvents,
    tokens: getTokens,
    schemas,
    ids: deps.ids,
    clock: deps.clock,
    limiter: deps.limiter,
    defaultRateLimitPerMinute: deps.defaultRateLimitPerMinute,
    replies: deps.replies,
    enqueue: (eventId) => {
      pressure.record();
      jobs.enqueue(eventId);
    },
    recoveryGraceMs,
  });
  const service = createTriggerService({
    store: deps.triggers,
    ids: deps.ids,
    clock: deps.clock,
    tokens: getTokens,
    schemas,
    publicUrl: deps.publicUrl,
    rotationGraceMs: deps.rotationGraceMs,
    onChange: (orgId, id) => ingest.forget(orgId, id),
    requireTable: deps.requireTable,
  });
  const eventLog = createTriggerEventLog({ triggers: deps.triggers, triggerEvents: deps.triggerEvents, clock: deps.clock, enqueue: jobs.enqueue });
  return {
    services: { service, ingest, eventLog, processor, jobs },
    // The start-up recovery and the periodic sweep; they run once the scheduler starts.
    start: () => jobs.schedule().catch((err: unknown) => deps.logger.error({ err }, 'could not schedule trigger event recovery')),
    stop: async () => {},
  };
}

export type TriggerServices = ReturnType<typeof createTriggerModule>['services'];

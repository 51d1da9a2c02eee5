import type { Db } from 'mongodb';
import type { Logger } from 'pino';
import type { GatewayConfig } from '../config/config.ts';
import type { Clock } from '../domain/shared/clock.ts';
import type { IdGenerator } from '../domain/shared/ids.ts';
import type { OutboxStore } from '../storage/outbox/outbox-store.ts';
import type { Scheduler } from '../jobs/scheduler.ts';
import type { HostLookup } from '../outbound/http-client.ts';
import type { SecretBox } from '../storage/encryption/secret-box.ts';

/** What every resource module's wiring (tables, sequences, agents, …) is built from. */
export interface ModuleDeps {
  db: Db;
  config: GatewayConfig;
  logger: Logger;
  clock: Clock;
  ids: IdGenerator;
  scheduler: Scheduler;
  outbox: OutboxStore;
  /** Name resolution for outbound calls (tests simulate a host rebound to loopback). */
  hostLookup?: HostLookup;
  /** Seals recoverable secrets at the repositories' boundary. */
  secrets: SecretBox;
}

/**
 * The one shape of a module. Building it has no effect outside the process beyond
 * registering job handlers with the scheduler (in memory, before it starts); `start()`
 * schedules jobs and starts timers; `stop()` ends them and waits for work in flight.
 * Collaborators from other modules are passed to the builder, never looked up later.
 */
export interface GatewayModule<S> {
  services: S;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** For modules with nothing to start or stop. */
export function servicesOnly<S>(services: S): GatewayModule<S> {
  return { services, start: async () => {}, stop: async () => {} };
}

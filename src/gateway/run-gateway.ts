import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { mkdir } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { GatewayConfig } from '../config/config.ts';
import { startEmbeddedMongo, startEmbeddedMongoWorker, type EmbeddedMongo } from '../embedded-mongo/index.ts';
import type { Logger } from '../observability/logger.ts';
import { connectStore, type StoreConnection } from '../storage/connection.ts';
import { withTimeout } from '../domain/shared/with-timeout.ts';
import { createHttpServer } from '../http/node-server.ts';
import { createGateway, type Gateway } from './create-gateway.ts';
import { resolveSecretBox } from './encryption-key.ts';

export interface RunningGateway {
  gateway: Gateway;
  server: Server;
  url: string;
  /** Stops accepting, lets in-flight requests finish (bounded), releases job locks, closes the store. */
  shutdown(reason: string): Promise<void>;
}

/** Inside the data directory when the path fits a unix socket address (~107 bytes), else in tmpdir. */
function embeddedSocketPath(dbPath: string): string {
  const local = join(dbPath, 'mongod.sock');
  return Buffer.byteLength(local) <= 100 ? local : join(tmpdir(), `og-gateway-${process.pid}-${randomBytes(4).toString('hex')}.sock`);
}

async function openStore(config: GatewayConfig, logger: Logger): Promise<{ store: StoreConnection; embedded?: EmbeddedMongo }> {
  if (config.mongodbUri) {
    return { store: await connectStore({ uri: config.mongodbUri, timeoutMs: config.storeTimeoutMs }) };
  }
  const dbPath = resolve(config.dataDir, 'db');
  await mkdir(dbPath, { recursive: true });
  // On its own thread the database gets the second core instead of sharing the
  // gateway's event loop (measured in bench:api; OG_EMBEDDED_THREAD=false opts out).
  const start = config.embeddedThread ? startEmbeddedMongoWorker : startEmbeddedMongo;
  // The gateway talks to its own database over a unix socket: cheaper than loopback
  // TCP per round trip (bench:api: +12 % req/s, p99 21 → 17 ms). TCP stays open too.
  const socketPath = embeddedSocketPath(dbPath);
  const embedded = await start({ dbPath, host: '127.0.0.1', port: 0, socketPath, logger: logger.child({ component: 'embedded-mongo' }) });
  logger.info({ dbPath, uri: embedded.uri, socketPath }, 'embedded database started (set MONGODB_URI to use MongoDB)');
  return { store: await connectStore({ uri: embedded.socketUri ?? embedded.uri, timeoutMs: config.storeTimeoutMs }), embedded };
}

function listen(server: Server, config: GatewayConfig): Promise<string> {
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(config.port, config.host, () => {
      const { port } = server.address() as AddressInfo;
      done(`http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`);
    });
  });
}

/**
 * Counts requests whose handlers are still running: a client may hang up while its
 * handler still works, so closed sockets alone do not say the store can be closed.
 */
function trackInFlight(handle: (req: IncomingMessage, res: ServerResponse) => Promise<unknown>) {
  let active = 0;
  let drained: (() => void) | undefined;
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    active += 1;
    handle(req, res).finally(() => {
      active -= 1;
      if (active === 0) drained?.();
    });
  };
  const idle = () => (active === 0 ? Promise.resolve() : new Promise<void>((done) => (drained = done)));
  return { listener, idle };
}

async function closeServer(server: Server, idle: () => Promise<void>, timeoutMs: number): Promise<void> {
  const closed = new Promise<void>((done) => server.close(() => done()));
  server.closeIdleConnections();
  const timer = setTimeout(() => server.closeAllConnections(), timeoutMs);
  await withTimeout(Promise.all([closed, idle()]), timeoutMs + 1_000).catch(() => undefined);
  clearTimeout(timer);
}

export async function runGateway(config: GatewayConfig, logger: Logger): Promise<RunningGateway> {
  const secrets = await resolveSecretBox(config, logger);
  const { store, embedded } = await openStore(config, logger);
  const gateway = createGateway({ config, db: store.db, logger, secrets });
  await gateway.start();
  const inFlight = trackInFlight(gateway.app.callback() as (req: IncomingMessage, res: ServerResponse) => Promise<unknown>);
  const server = createHttpServer(inFlight.listener, { requestTimeoutMs: 60_000, headersTimeoutMs: 20_000 });
  const url = await listen(server, config);
  logger.info({ url }, 'og-gateway listening');
  let stopping: Promise<void> | undefined;
  const shutdown = (reason: string) => {
    stopping ??= (async () => {
      logger.info({ reason }, 'shutting down');
      // Event streams never finish by themselves: ended first, their clients reconnect elsewhere.
      await gateway.services.eventStreams.close();
      await closeServer(server, inFlight.idle, config.shutdownTimeoutMs);
      await gateway.stop();
      await store.close();
      await embedded?.close();
      logger.info('shutdown complete');
    })();
    return stopping;
  };
  return { gateway, server, url, shutdown };
}

// The gateway the benches measure: in this process, on the store `npm start` uses without
// MONGODB_URI (a worker thread unless OG_EMBEDDED_THREAD=false), reached the same way,
// over a unix socket in a temporary data directory. One place, so the benches measure the
// same set-up and tear it down the same way.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { loadConfig } from '../src/config/config.ts';
import { startEmbeddedMongo, startEmbeddedMongoWorker } from '../src/embedded-mongo/index.ts';
import { createGateway } from '../src/gateway/create-gateway.ts';
import { connectStore } from '../src/storage/connection.ts';
import { withCommandMonitoring } from './bench-command-counter.ts';

export async function startBenchGateway(opts: { name: string; env: Record<string, string> }) {
  const dataDir = await mkdtemp(join(tmpdir(), `og-bench-${opts.name}-`));
  const config = loadConfig({
    OG_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    ...opts.env,
    OG_EMBEDDED_THREAD: process.env.OG_EMBEDDED_THREAD ?? '',
  });
  const mongo = await (config.embeddedThread ? startEmbeddedMongoWorker : startEmbeddedMongo)({
    dbPath: dataDir,
    host: '127.0.0.1',
    port: 0,
    socketPath: join(dataDir, 'mongod.sock'),
  });
  const store = await connectStore({ uri: withCommandMonitoring(mongo.socketUri!), timeoutMs: 30_000 });
  const gateway = createGateway({ config, db: store.db, logger: pino({ level: 'warn' }) });
  await gateway.start();
  return {
    config,
    dataDir,
    store,
    gateway,
    /** Stops the gateway (`stopGateway` may bound the wait), then the store, and removes the data. */
    async close(stopGateway: (stop: Promise<void>) => Promise<unknown> = (stop) => stop): Promise<void> {
      await stopGateway(gateway.stop());
      await store.close();
      await mongo.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

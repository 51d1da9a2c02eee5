import { mkdirSync } from 'node:fs';
import type { EmbeddedMongo, EmbeddedMongoOptions } from './index.ts';
import { acquireDbPathLock } from './journal/lock-file.ts';
import { Persistence } from './journal/persistence.ts';
import { silentLogger } from './logger.ts';
import { StorageEngine } from './storage/engine.ts';
import { startTtlSweeper } from './storage/ttl-sweeper.ts';
import { WireServer } from './server.ts';

// Lock the data directory, replay + compact the journal, then listen. close() stops
// accepting, closes sockets, flushes + fsyncs the journal and releases the lock.
export async function startEmbeddedMongo(opts: EmbeddedMongoOptions): Promise<EmbeddedMongo> {
  const logger = opts.logger ?? silentLogger;
  const host = opts.host ?? '127.0.0.1';
  const now = opts.now ?? (() => new Date());
  mkdirSync(opts.dbPath, { recursive: true });
  const lock = acquireDbPathLock(opts.dbPath);
  const engine = new StorageEngine();
  const persistence = new Persistence({
    dbPath: opts.dbPath,
    engine,
    logger,
    fsyncIntervalMs: opts.fsyncIntervalMs ?? 100,
    compactThresholdBytes: opts.compactThresholdBytes,
  });
  let server: WireServer | undefined;
  try {
    await persistence.open();
    engine.journal = persistence;
    server = new WireServer({ engine, logger, now, afterCommand: () => persistence.flush() });
    const listener = await server.listen({ host, port: opts.port ?? 27017 });
    if (opts.socketPath) await server.listen({ path: opts.socketPath });
    const address = listener.address();
    const port = typeof address === 'object' && address ? address.port : (opts.port ?? 27017);
    const sweeper = startTtlSweeper({ engine, now, logger, intervalMs: opts.ttlSweepIntervalMs ?? 60_000, afterSweep: () => persistence.flush() });
    logger.info({ host, port, socketPath: opts.socketPath, dbPath: opts.dbPath }, 'embedded-mongo listening');
    const uriHost = host.includes(':') ? `[${host}]` : host;
    const running = server;
    let closing: Promise<void> | undefined;
    return {
      uri: `mongodb://${uriHost}:${port}/?directConnection=true`,
      socketUri: opts.socketPath ? `mongodb://${encodeURIComponent(opts.socketPath)}/?directConnection=true` : undefined,
      host,
      port,
      close: () =>
        (closing ??= (async () => {
          sweeper.stop();
          await running.close();
          await persistence.close();
          lock.release();
        })()),
    };
  } catch (err) {
    await server?.close().catch(() => {});
    // Only an opened journal has a writer to close; a failed replay has none.
    await Promise.resolve()
      .then(() => persistence.close())
      .catch(() => {});
    lock.release();
    throw err;
  }
}

import { mkdirSync } from 'node:fs';
import type { Logger } from './logger.ts';
import { silentLogger } from './logger.ts';
import { StorageEngine } from './storage/engine.ts';
import { WireServer } from './server.ts';

export interface EmbeddedMongoOptions {
  dbPath: string;
  host?: string;
  port?: number;
  socketPath?: string;
  ttlSweepIntervalMs?: number;
  fsyncIntervalMs?: number;
  logger?: Logger;
}

export interface EmbeddedMongo {
  uri: string;
  host: string;
  port: number;
  close(): Promise<void>;
}

export async function startEmbeddedMongo(opts: EmbeddedMongoOptions): Promise<EmbeddedMongo> {
  const logger = opts.logger ?? silentLogger;
  const host = opts.host ?? '127.0.0.1';
  mkdirSync(opts.dbPath, { recursive: true });
  const engine = new StorageEngine();
  const server = new WireServer({ engine, logger, afterCommand: () => {} });
  const listener = await server.listen({ host, port: opts.port ?? 27017 });
  const address = listener.address();
  const port = typeof address === 'object' && address ? address.port : opts.port ?? 27017;
  if (opts.socketPath) await server.listen({ path: opts.socketPath });
  const uriHost = host.includes(':') ? `[${host}]` : host;
  return {
    uri: `mongodb://${uriHost}:${port}/?directConnection=true`,
    host,
    port,
    close: () => server.close(),
  };
}

export async function runMongodCli(_argv: string[]): Promise<void> {
  throw new Error('not implemented yet');
}

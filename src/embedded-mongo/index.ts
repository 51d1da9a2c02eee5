// Public surface of the embedded MongoDB-wire server. Nothing here imports from the
// rest of the gateway; see README.md in this folder.
import type { Logger } from './logger.ts';

export { startEmbeddedMongo } from './start.ts';
export { startEmbeddedMongoWorker } from './worker.ts';
export type { Logger as EmbeddedMongoLogger } from './logger.ts';

export interface EmbeddedMongoOptions {
  dbPath: string; // data directory (created if missing)
  host?: string; // default '127.0.0.1'
  port?: number; // 0 = ephemeral; default 27017
  socketPath?: string; // optional unix socket as well
  ttlSweepIntervalMs?: number; // default 60_000
  fsyncIntervalMs?: number; // default 100
  // Journal size that triggers a snapshot + fresh journal (default max(64 MiB, snapshot size)).
  compactThresholdBytes?: number;
  logger?: Logger;
  // Injectable clock for TTL and hello.localTime (in-process only).
  now?: () => Date;
}

export interface EmbeddedMongo {
  uri: string;
  /** The connection string over `socketPath` when one was given: cheaper per round trip than loopback TCP. */
  socketUri?: string;
  host: string;
  port: number;
  close(): Promise<void>;
}

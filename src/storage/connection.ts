import { MongoClient, type Db } from 'mongodb';

export interface StoreConnection {
  client: MongoClient;
  db: Db;
  close(): Promise<void>;
}

export interface ConnectOptions {
  uri: string;
  /** Overrides the database named in the URI (tests give each file its own). */
  dbName?: string;
  /** Upper bound for every store operation (driver client-side operation timeout). */
  timeoutMs: number;
  appName?: string;
}

export const DEFAULT_DB_NAME = 'og_gateway';

function databaseFromUri(uri: string): string | undefined {
  const match = /^mongodb(?:\+srv)?:\/\/[^/]+\/([^?]+)/.exec(uri);
  return match?.[1] ? decodeURIComponent(match[1]) : undefined;
}

export async function connectStore(opts: ConnectOptions): Promise<StoreConnection> {
  const client = new MongoClient(opts.uri, {
    appName: opts.appName ?? 'og-gateway',
    // Every store access is bounded: a reply that does not come within the timeout
    // fails the operation (driver 7 ignores timeoutMS, so the socket bound does it),
    // and waiting for a pooled connection is bounded too.
    socketTimeoutMS: opts.timeoutMs,
    waitQueueTimeoutMS: opts.timeoutMs,
    serverSelectionTimeoutMS: Math.min(opts.timeoutMs, 30_000),
    connectTimeoutMS: Math.min(opts.timeoutMs, 30_000),
    maxPoolSize: 50,
  });
  await client.connect();
  const db = client.db(opts.dbName ?? databaseFromUri(opts.uri) ?? DEFAULT_DB_NAME);
  return { client, db, close: () => client.close() };
}

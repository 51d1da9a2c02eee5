import pino from 'pino';
import { loadConfig } from '../../src/config/config.ts';
import { generateApiKey } from '../../src/domain/api-keys/key-format.ts';
import type { Clock } from '../../src/domain/shared/clock.ts';
import { createGateway } from '../../src/gateway/create-gateway.ts';
import type { HostLookup } from '../../src/outbound/http-client.ts';
import { connectStore } from '../../src/storage/connection.ts';
import { apiClient } from './api-client.ts';
import { TEST_ENCRYPTION_KEY } from './encryption-key.ts';
import { testMongoUri, uniqueDbName } from './mongo-uri.ts';

export interface TestGatewayOptions {
  env?: Record<string, string>;
  clock?: Clock;
  /** Share a database with another test gateway (two processes on one store). */
  dbName?: string;
  instanceName?: string;
  /** Name resolution for outbound calls (simulates a host that resolves elsewhere when dialled). */
  hostLookup?: HostLookup;
}

/**
 * A gateway on its own database of the shared test server, started, with an admin key
 * of the default organization and a response-validating client.
 */
export async function startTestGateway(opts: TestGatewayOptions = {}) {
  const adminKey = opts.env?.OG_BOOTSTRAP_KEY ?? generateApiKey();
  const config = loadConfig({
    OG_ALLOW_PRIVATE_NETWORK: 'true',
    OG_RATE_LIMIT_IP_PER_MINUTE: '100000',
    OG_RATE_LIMIT_ORG_PER_MINUTE: '100000',
    OG_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
    ...opts.env,
    OG_BOOTSTRAP_KEY: adminKey,
  });
  const dbName = opts.dbName ?? uniqueDbName('gw');
  const store = await connectStore({ uri: testMongoUri(), dbName, timeoutMs: 10_000 });
  const gateway = createGateway({
    config,
    db: store.db,
    logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    clock: opts.clock,
    instanceName: opts.instanceName,
    schedulerProcessEveryMs: 200,
    hostLookup: opts.hostLookup,
  });
  await gateway.start();
  const callback = gateway.app.callback();
  return {
    gateway,
    db: store.db,
    dbName,
    config,
    adminKey,
    callback,
    api: apiClient(callback as never, adminKey),
    async close() {
      await gateway.stop();
      await store.close();
    },
  };
}

export type TestGateway = Awaited<ReturnType<typeof startTestGateway>>;

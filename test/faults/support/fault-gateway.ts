import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateApiKey } from '../../../src/domain/api-keys/key-format.ts';
import { callChild, startChildGateway } from '../../support/child-gateway.ts';
import { startStandaloneStore } from './standalone-store.ts';

/**
 * A child gateway on its own stand-alone `og-gateway mongod` (which a fault test pauses,
 * kills and restarts by pid), with limits high enough that load is never rate limited.
 * Everything started is handed to `cleanup` in the order it must be undone (reversed).
 */
export async function startFaultGateway(cleanup: (() => Promise<unknown>)[], opts: { name: string; env?: Record<string, string> }) {
  const dir = await mkdtemp(join(tmpdir(), `og-${opts.name}-`));
  cleanup.push(() => rm(dir, { recursive: true, force: true }));
  const store = await startStandaloneStore(join(dir, 'db'));
  cleanup.push(() => store.stop());
  const key = generateApiKey();
  const gw = await startChildGateway({
    MONGODB_URI: store.uri(`og_${opts.name}`),
    OG_DATA_DIR: join(dir, 'gw'),
    OG_BOOTSTRAP_KEY: key,
    OG_ALLOW_PRIVATE_NETWORK: 'true',
    OG_RATE_LIMIT_IP_PER_MINUTE: '100000000',
    OG_RATE_LIMIT_ORG_PER_MINUTE: '100000000',
    OG_WEBHOOK_MAX_ENDPOINTS: '1000',
    LOG_LEVEL: 'warn',
    ...opts.env,
  });
  cleanup.push(async () => gw.child.kill('SIGKILL'));
  const api = (method: string, path: string, body?: unknown) => callChild(gw, key, method, path, body);
  return { store, gw, key, api };
}

import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { GatewayConfig } from '../config/config.ts';
import { createApiKeyService } from '../domain/api-keys/api-key-service.ts';
import type { Scope } from '../domain/api-keys/scopes.ts';
import { createOrganizationService } from '../domain/organizations/organization-service.ts';
import { systemClock } from '../domain/shared/clock.ts';
import { createIdGenerator } from '../domain/shared/ids.ts';
import { startEmbeddedMongo } from '../embedded-mongo/index.ts';
import { allIndexes } from '../storage/all-indexes.ts';
import { connectStore } from '../storage/connection.ts';
import { ensureIndexes } from '../storage/indexes.ts';
import { createApiKeysRepo } from '../storage/repositories/api-keys-repo.ts';
import { createOrganizationsRepo } from '../storage/repositories/organizations-repo.ts';

const SCOPES: Scope[] = ['read', 'write', 'admin'];

export function parseScopes(raw: string): Scope[] {
  const scopes = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = scopes.filter((s) => !SCOPES.includes(s as Scope));
  if (scopes.length === 0 || bad.length > 0) throw new Error(`--scopes takes a comma-separated list of ${SCOPES.join(', ')}`);
  return scopes as Scope[];
}

/**
 * Creates a key in the configured database. On the embedded default the data directory
 * must not be in use by a running gateway (its lock file says so); point both at
 * `og-gateway mongod` with MONGODB_URI to share it.
 */
export async function createKeyCommand(opts: { config: GatewayConfig; org: string; name: string; scopes: Scope[] }) {
  let embedded;
  let uri: string | null = opts.config.mongodbUri;
  if (!uri) {
    const dbPath = resolve(opts.config.dataDir, 'db');
    await mkdir(dbPath, { recursive: true });
    embedded = await startEmbeddedMongo({ dbPath, port: 0 });
    uri = embedded.uri;
  }
  const store = await connectStore({ uri: uri as string, timeoutMs: opts.config.storeTimeoutMs });
  try {
    await ensureIndexes(store.db, allIndexes);
    const ids = createIdGenerator();
    const org = await createOrganizationService({ store: createOrganizationsRepo(store.db), ids, clock: systemClock }).ensure(opts.org);
    const apiKeys = createApiKeyService({ store: createApiKeysRepo(store.db), ids, clock: systemClock });
    return { organization: { id: org.id, name: org.name }, ...(await apiKeys.create(org.id, { name: opts.name, scopes: opts.scopes })) };
  } finally {
    await store.close();
    await embedded?.close();
  }
}

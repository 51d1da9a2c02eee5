import { readdir, readFile, rm, stat, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { generateApiKey } from '../src/domain/api-keys/key-format.ts';
import { startEmbeddedMongo } from '../src/embedded-mongo/index.ts';
import { createGateway } from '../src/gateway/create-gateway.ts';
import { connectStore } from '../src/storage/connection.ts';
import { createSecretBox } from '../src/storage/encryption/secret-box.ts';
import { loadConfig } from '../src/config/config.ts';
import { apiClient } from './support/api-client.ts';
import { callChild, startChildGateway } from './support/child-gateway.ts';
import { createOneOfEachSecret } from './support/secret-fixtures.ts';

// The end-to-end promise: a gateway on a fresh embedded data directory, given every kind
// of secret, leaves none of them in any file of that directory once it has stopped.

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function allFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await allFiles(path)));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

/** Every file under `dir` that holds `needle` (as UTF-8 bytes, as BSON stores strings). */
async function filesHolding(dir: string, needle: string): Promise<string[]> {
  const hits: string[] = [];
  for (const file of await allFiles(dir)) if ((await readFile(file)).includes(Buffer.from(needle, 'utf8'))) hits.push(file);
  return hits;
}

describe('the data directory after a run', () => {
  it('holds no key and no secret the run created, in any file', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'og-secrets-disk-'));
    dirs.push(dataDir);
    const adminKey = generateApiKey();
    // The embedded default without OG_ENCRYPTION_KEY: the key is generated into the directory.
    const env = {
      OG_DATA_DIR: dataDir,
      OG_BOOTSTRAP_KEY: adminKey,
      OG_ALLOW_PRIVATE_NETWORK: 'true',
      LOG_LEVEL: 'warn',
      MONGODB_URI: '',
      OG_ENCRYPTION_KEY: '',
    };
    const gw = await startChildGateway(env);
    expect(gw.output()).toMatch(/production must set OG_ENCRYPTION_KEY/);
    expect((await stat(join(dataDir, 'encryption.key'))).mode & 0o777).toBe(0o600);

    const api = apiClient(gw.url as never, adminKey);
    const created = await createOneOfEachSecret(api, 'disk', 'http://127.0.0.1:9');
    // Idempotent creates too: their recorded responses must not keep the secret either.
    const idem = { headers: { 'idempotency-key': 'disk-run-1' } };
    const replayedKey = (await api.post('/api/v2/api-keys', { name: 'idem', scopes: ['read'] }, idem)).body.key as string;
    const replayedWebhook = (
      await api.post('/api/v2/webhooks', { url: 'http://127.0.0.1:9/idem', events: ['*'] }, { headers: { 'idempotency-key': 'disk-run-2' } })
    ).body.secret as string;
    const secrets: Record<string, string> = { ...created.values, adminKey, replayedKey, replayedWebhook };
    // The URL's token and each whsec_ secret's key bytes, without their recognisable prefixes.
    secrets.triggerToken = new URL(created.values.triggerUrl).pathname.split('/').pop()!;
    for (const [name, value] of Object.entries(secrets)) if (value.startsWith('whsec_')) secrets[`${name}Bytes`] = value.slice('whsec_'.length);

    gw.child.kill('SIGTERM');
    expect(await gw.exited).toBe(0);

    // The scan does see what the run stored in the clear (a name), so a miss means absent.
    expect(await filesHolding(dataDir, 'm-disk@corp.example')).not.toEqual([]);
    const found: Record<string, string[]> = {};
    for (const [name, value] of Object.entries(secrets)) {
      expect(value.length).toBeGreaterThanOrEqual(8);
      const hits = await filesHolding(dataDir, value);
      if (hits.length > 0) found[name] = hits;
    }
    expect(found).toEqual({});

    // The generated key is reused: after a restart every secret still opens.
    const again = await startChildGateway(env);
    const worker = await callChild(again, adminKey, 'GET', `/api/v2/agent-workers/${created.ids.worker}`);
    expect(worker.body.secretLast4).toBe(created.values.worker.slice(-4));
    const hook = await fetch(created.values.triggerUrl.replace(/^http:\/\/[^/]+/, again.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(hook.status).toBe(401);
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
  }, 120_000);
});

describe('the encryption key at boot', () => {
  it('is required with MONGODB_URI: the process stops with one line naming it', async () => {
    await expect(startChildGateway({ MONGODB_URI: 'mongodb://127.0.0.1:9/og', OG_ENCRYPTION_KEY: '' }, 15_000)).rejects.toThrow(
      /OG_ENCRYPTION_KEY: required with MONGODB_URI/,
    );
    await expect(startChildGateway({ OG_ENCRYPTION_KEY: 'c2hvcnQ=' }, 15_000)).rejects.toThrow(
      /OG_ENCRYPTION_KEY: expected a 32-byte key in base64 .*got 5 bytes/,
    );
  }, 40_000);
});

describe('plaintext from an older version', () => {
  it('is gone from every file once the start-up sweep has sealed it (the superseded versions are compacted away)', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'og-secrets-migrate-'));
    dirs.push(dataDir);
    const logger = pino({ level: 'silent' });
    const mongo = await startEmbeddedMongo({ dbPath: dataDir, host: '127.0.0.1', port: 0, logger });
    const store = await connectStore({ uri: mongo.uri, dbName: 'og', timeoutMs: 10_000 });
    const legacy = { secret: 'whsec_cGxhaW50ZXh0LWZyb20tYmVmb3Jl', pass: 'plaintext-smtp-password-1' };
    const now = new Date();
    await store.db.collection('webhook_endpoints').insertOne({
      _id: 'e1' as never,
      orgId: 'o1',
      url: 'http://127.0.0.1:9/',
      events: ['*'],
      description: null,
      headers: {},
      enabled: false,
      secret: legacy.secret,
      secretLast4: legacy.secret.slice(-4),
      previousSecret: null,
      previousSecretExpiresAt: null,
      disabledReason: 'manual',
      disabledAt: now,
      consecutiveFailures: 0,
      createdAt: now,
      updatedAt: now,
    });
    await store.db.collection('senders').insertOne({
      _id: 's1' as never,
      orgId: 'o1',
      channel: 'email',
      transport: 'smtp',
      name: 'm',
      displayName: 'M',
      email: 'm@corp.example',
      linkedinSlug: null,
      smtp: { host: '127.0.0.1', port: 2525, secure: false, auth: { user: 'u', pass: legacy.pass } },
      http: null,
      createdAt: now,
      updatedAt: now,
      deletedAt: null,
    });
    expect(await filesHolding(dataDir, legacy.pass)).not.toEqual([]);

    const key = Buffer.alloc(32, 0x61);
    const config = loadConfig({ OG_DATA_DIR: dataDir, OG_ENCRYPTION_KEY: key.toString('base64') });
    const gateway = createGateway({ config, db: store.db, logger, schedulerProcessEveryMs: 200 });
    await gateway.start();
    expect(await gateway.resealed()).toEqual({ resealed: 2, unreadable: 0 });
    const raw = await store.db.collection('senders').findOne({ _id: 's1' as never });
    expect(createSecretBox({ key }).open(raw!.smtp.auth.pass, 'senders.smtp.auth.pass')).toBe(legacy.pass);
    await gateway.stop();
    await store.close();
    await mongo.close();

    for (const value of [legacy.secret, legacy.secret.slice('whsec_'.length), legacy.pass]) expect(await filesHolding(dataDir, value), value).toEqual([]);
    expect(await filesHolding(dataDir, 'm@corp.example')).not.toEqual([]);
  }, 60_000);
});

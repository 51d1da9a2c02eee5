import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateApiKey } from '../../src/domain/api-keys/key-format.ts';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(() => gw.close());

describe('authentication', () => {
  it.each([
    ['no header', undefined, 'Missing API key'],
    ['a malformed key', 'og_live_abc', 'Malformed API key'],
    ['a well-formed unknown key', generateApiKey(), 'Invalid API key'],
  ])('answers 401 UNAUTHORIZED for %s', async (_name, key, message) => {
    const res = await gw.api.get('/api/v2/api-keys', { key: key ?? null });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: message, code: 'UNAUTHORIZED' });
  });

  it('answers 401 for a non-bearer scheme', async () => {
    const res = await gw.api.get('/api/v2/api-keys', { key: null, headers: { authorization: `Basic ${gw.adminKey}` } });
    expect(res.status).toBe(401);
  });

  it('answers 401 for a revoked key, immediately after revocation', async () => {
    const created = await gw.api.post('/api/v2/api-keys', { name: 'temp', scopes: ['admin'] });
    expect(created.status).toBe(201);
    expect((await gw.api.get('/api/v2/api-keys', { key: created.body.key })).status).toBe(200);
    const revoked = await gw.api.delete(`/api/v2/api-keys/${created.body.id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    const res = await gw.api.get('/api/v2/api-keys', { key: created.body.key });
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('API key has been revoked');
  });

  it('shows the secret once and stores only its hash', async () => {
    const created = await gw.api.post('/api/v2/api-keys', { name: 'once', scopes: ['read'] });
    expect(created.body.key).toMatch(/^og_live_/);
    expect(created.body.last4).toBe(created.body.key.slice(-4));
    const stored = await gw.db.collection('api_keys').findOne({ _id: created.body.id } as never);
    expect(JSON.stringify(stored)).not.toContain(created.body.key);
    const listed = await gw.api.get('/api/v2/api-keys?limit=100');
    expect(JSON.stringify(listed.body)).not.toContain(created.body.key);
  });
});

describe('scopes', () => {
  it.each([
    [['read'], 403],
    [['write'], 403],
    [['read', 'write'], 403],
    [['admin'], 200],
  ])('a key with %j listing keys (admin) gets %d', async (scopes, status) => {
    const { body } = await gw.api.post('/api/v2/api-keys', { name: 's', scopes });
    const res = await gw.api.get('/api/v2/api-keys', { key: body.key });
    expect(res.status).toBe(status);
    if (status === 403) expect(res.body.code).toBe('FORBIDDEN');
  });
});

describe('tenancy', () => {
  it("treats another organization's key id exactly like a missing one", async () => {
    const other = await startTestGateway({ dbName: gw.dbName });
    try {
      // A second organization in the same database, with its own admin key.
      const org = await other.gateway.services.organizations.ensure('other-org');
      const otherAdmin = await other.gateway.services.apiKeys.create(org.id, { name: 'other', scopes: ['admin'] });
      const mine = await gw.api.post('/api/v2/api-keys', { name: 'mine', scopes: ['read'] });
      const theirs = gw.api.withKey(otherAdmin.key);
      expect((await gw.api.get(`/api/v2/api-keys/${mine.body.id}`)).status).toBe(200);
      expect((await theirs.get(`/api/v2/api-keys/${mine.body.id}`)).status).toBe(404);
      const cross = await theirs.delete(`/api/v2/api-keys/${mine.body.id}`);
      const missing = await theirs.delete('/api/v2/api-keys/0190a0b0-0000-7000-8000-000000000000');
      expect(cross.status).toBe(404);
      expect(cross.body).toEqual(missing.body);
      const list = await theirs.get('/api/v2/api-keys?limit=100');
      expect(list.body.items.map((k: { id: string }) => k.id)).not.toContain(mine.body.id);
    } finally {
      await other.close();
    }
  });
});

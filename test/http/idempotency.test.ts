import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestFingerprint } from '../../src/http/middleware/idempotency.ts';
import { createIdempotencyRepo } from '../../src/storage/repositories/idempotency-repo.ts';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(() => gw.close());

const key = () => `idem-${Math.random().toString(36).slice(2)}`;

describe('Idempotency-Key', () => {
  it('replays the first response with Idempotency-Replay, less the key shown once, and writes once', async () => {
    const k = key();
    const body = { name: 'replayed', scopes: ['read'] };
    const first = await gw.api.post('/api/v2/api-keys', body, { headers: { 'idempotency-key': k } });
    const second = await gw.api.post('/api/v2/api-keys', body, { headers: { 'idempotency-key': k } });
    expect(first.status).toBe(201);
    expect(first.headers['idempotency-replay']).toBeUndefined();
    expect(second.status).toBe(201);
    expect(second.headers['idempotency-replay']).toBe('true');
    const { key: shownOnce, ...resource } = first.body;
    expect(shownOnce).toMatch(/^og_live_/);
    expect(second.body).toEqual(resource);
    expect(await gw.db.collection('api_keys').countDocuments({ name: 'replayed' })).toBe(1);
  });

  it('answers 409 IDEMPOTENCY_ERROR for the same key with a different body or path', async () => {
    const k = key();
    await gw.api.post('/api/v2/api-keys', { name: 'a', scopes: ['read'] }, { headers: { 'idempotency-key': k } });
    const other = await gw.api.post('/api/v2/api-keys', { name: 'b', scopes: ['read'] }, { headers: { 'idempotency-key': k } });
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('IDEMPOTENCY_ERROR');
    expect(await gw.db.collection('api_keys').countDocuments({ name: 'b' })).toBe(0);
  });

  it('answers 409 while the original request is still in flight', async () => {
    const k = key();
    const raw = Buffer.from(JSON.stringify({ name: 'slow', scopes: ['read'] }));
    const org = await gw.gateway.services.organizations.ensure('default');
    // Another process has claimed this exact request and not finished it.
    await createIdempotencyRepo(gw.db).begin(org.id, k, requestFingerprint('POST', '/api/v2/api-keys', raw), {
      now: new Date(),
      lockMs: 60_000,
      ttlMs: 86_400_000,
    });
    const res = await gw.api.post('/api/v2/api-keys', undefined, { raw, headers: { 'idempotency-key': k, 'content-type': 'application/json' } });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('IDEMPOTENCY_ERROR');
    expect(res.body.error).toMatch(/in progress/);
  });

  it('does not record a request rejected by its scope check', async () => {
    const k = key();
    const { body: reader } = await gw.api.post('/api/v2/api-keys', { name: 'reader', scopes: ['read'] });
    const forbidden = await gw.api.post('/api/v2/api-keys', { name: 'x', scopes: ['read'] }, { key: reader.key, headers: { 'idempotency-key': k } });
    expect(forbidden.status).toBe(403);
    const allowed = await gw.api.post('/api/v2/api-keys', { name: 'x', scopes: ['read'] }, { headers: { 'idempotency-key': k } });
    expect(allowed.status).toBe(201);
    expect(allowed.headers['idempotency-replay']).toBeUndefined();
  });

  it('rejects a malformed key', async () => {
    const res = await gw.api.post('/api/v2/api-keys', { name: 'x', scopes: ['read'] }, { headers: { 'idempotency-key': 'has space' } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_ERROR');
  });
});

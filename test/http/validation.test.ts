import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway({ env: { OG_BODY_LIMIT_BYTES: '2048' } });
});
afterAll(() => gw.close());

describe('request validation', () => {
  it('rejects a bad body with every ajv issue in details, before the handler runs', async () => {
    const before = await gw.db.collection('api_keys').countDocuments();
    const res = await gw.api.post('/api/v2/api-keys', { name: '', scopes: ['root'], extra: true });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_ERROR');
    expect(res.body.details.in).toBe('body');
    const paths = res.body.details.issues.map((i: { path: string }) => i.path).sort();
    expect(paths).toEqual(['extra', 'name', 'scopes.0']);
    expect(await gw.db.collection('api_keys').countDocuments()).toBe(before);
  });

  it.each([
    ['a missing body', undefined, 400, 'VALIDATION_ERROR'],
    ['a missing required field', { name: 'x' }, 400, 'VALIDATION_ERROR'],
    ['a wrong type', { name: 7, scopes: 'read' }, 400, 'VALIDATION_ERROR'],
  ])('rejects %s', async (_name, body, status, code) => {
    const res = await gw.api.post('/api/v2/api-keys', body);
    expect(res.status).toBe(status);
    expect(res.body.code).toBe(code);
  });

  it('rejects malformed JSON', async () => {
    const res = await gw.api.post('/api/v2/api-keys', undefined, { raw: '{"name":', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION_ERROR', error: 'Malformed JSON body' });
  });

  it('refuses JSON nested deeper than 64 levels before anything stores it', async () => {
    // Found by fuzzing (test/http/api-fuzz.test.ts): a trigger schema holding an array
    // 100k levels deep answered 500 (the store overflowed its stack), and an inbound body
    // that deep was stored, after which listing its trigger's events was a bare 500
    // outside the error envelope (Koa's JSON.stringify overflowed).
    const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
    const before = await gw.db.collection('triggers').countDocuments();
    const res = await gw.api.post('/api/v2/triggers', undefined, {
      raw: `{"name":"deep","action":"event","schema":{"x":${nested(64)}}}`,
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION_ERROR', error: 'JSON body nested too deeply' });
    expect(await gw.db.collection('triggers').countDocuments()).toBe(before);

    const trigger = await gw.api.post('/api/v2/triggers', { name: 'inbound', action: 'event' });
    const hook = new URL(trigger.body.url).pathname;
    const send = (raw: string) => gw.api.post(hook, undefined, { key: null, raw, headers: { 'content-type': 'application/json' } });
    expect((await send(nested(64))).status).toBe(202);
    expect((await send(nested(65))).status).toBe(400);
    const events = await gw.api.get(`/api/v2/triggers/${trigger.body.id}/events`);
    expect(events.status).toBe(200);
    expect(events.body.items).toHaveLength(1);
  });

  it('reports at most 100 issues however many items are wrong', async () => {
    // Found by test/http/api-fuzz.test.ts: 300k wrong items answered with 73 MB of issues.
    const res = await gw.api.post('/api/v2/api-keys', undefined, {
      raw: `{"name":"x","scopes":[${Array(500).fill(0).join(',')}]}`,
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(res.body.details.issues).toHaveLength(100);
    // The same bound holds for a trigger's own schema on its inbound URL.
    const trigger = await gw.api.post('/api/v2/triggers', { name: 'strings', action: 'event', schema: { type: 'array', items: { type: 'string' } } });
    const raw = `[${Array(500).fill(0).join(',')}]`;
    const hook = await gw.api.post(new URL(trigger.body.url).pathname, undefined, { key: null, raw, headers: { 'content-type': 'application/json' } });
    expect(hook.status).toBe(422);
    expect(hook.body.details.issues).toHaveLength(100);
    expect(hook.body.details.errors).toHaveLength(100);
  });

  it('rejects a body that is not JSON with 415', async () => {
    const res = await gw.api.post('/api/v2/api-keys', undefined, { raw: 'name=x', headers: { 'content-type': 'text/plain' } });
    expect(res.status).toBe(415);
    expect(res.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('rejects a body over the size limit with 413', async () => {
    const res = await gw.api.post('/api/v2/api-keys', { name: 'x'.repeat(4000), scopes: ['read'] });
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it.each([
    ['limit=0', 'query.limit'],
    ['limit=101', 'query.limit'],
    ['limit=ten', 'query.limit'],
    ['limit=0x10', 'query.limit'],
    ['limit=1e1', 'query.limit'],
    ['limit=%2010', 'query.limit'],
    ['limit=10.0', 'query.limit'],
    ['limt=5', 'query.limt'],
  ])('rejects the query %s', async (qs, path) => {
    const res = await gw.api.get(`/api/v2/api-keys?${qs}`);
    expect(res.status).toBe(400);
    expect(res.body.details.issues.map((i: { path: string }) => i.path)).toContain(path);
  });

  it('rejects a path parameter of the wrong format', async () => {
    const res = await gw.api.delete('/api/v2/api-keys/not-a-uuid');
    expect(res.status).toBe(400);
    expect(res.body.details.issues[0].path).toBe('path.keyId');
  });

  it('answers unknown routes and methods in the error envelope', async () => {
    const missing = await gw.api.get('/api/v2/nothing-here');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('NOT_FOUND');
    const method = await gw.api.put('/api/v2/api-keys', {});
    expect(method.status).toBe(405);
    expect(method.body.code).toBe('METHOD_NOT_ALLOWED');
  });

  it('echoes a sane x-request-id and mints one otherwise', async () => {
    const given = await gw.api.get('/healthz', { headers: { 'x-request-id': 'abc-123' } });
    expect(given.headers['x-request-id']).toBe('abc-123');
    const minted = await gw.api.get('/healthz', { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(minted.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';
import { newOrg } from './agent-harness.ts';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(() => gw.close());

describe('agent workers (/agent-workers, admin)', () => {
  it('creates with a secret shown once and defaults, lists without it, updates and deletes', async () => {
    const { api } = await newOrg(gw, 'workers-crud');
    const first = await api.post('/api/v2/agent-workers', { name: 'one', url: 'http://127.0.0.1:9/' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ object: 'agent_worker', name: 'one', default: true, timeoutSeconds: 1200, maxConcurrentRuns: 3 });
    expect(first.body.secret).toMatch(/^whsec_/);
    expect(first.body.secretLast4).toBe(first.body.secret.slice(-4));

    const second = await api.post('/api/v2/agent-workers', { name: 'two', url: 'http://127.0.0.1:10/', timeoutSeconds: 60, maxConcurrentRuns: 1 });
    expect(second.body).toMatchObject({ default: false, timeoutSeconds: 60, maxConcurrentRuns: 1 });

    const list = await api.get('/api/v2/agent-workers');
    expect(list.body.items.map((w: { id: string }) => w.id)).toEqual([first.body.id, second.body.id]);
    for (const item of list.body.items) expect(item).not.toHaveProperty('secret');

    const promoted = await api.patch(`/api/v2/agent-workers/${second.body.id}`, { default: true, name: 'two!' });
    expect(promoted.body).toMatchObject({ default: true, name: 'two!' });
    expect((await api.get(`/api/v2/agent-workers/${first.body.id}`)).body.default).toBe(false);

    const unset = await api.patch(`/api/v2/agent-workers/${second.body.id}`, { default: false });
    expect(unset.status).toBe(409);

    const deleted = await api.delete(`/api/v2/agent-workers/${first.body.id}`);
    expect(deleted.body).toMatchObject({ id: first.body.id, deleted: true });
    expect((await api.get(`/api/v2/agent-workers/${first.body.id}`)).status).toBe(404);

    // Deleting the default hands the role to the oldest remaining worker.
    const third = await api.post('/api/v2/agent-workers', { name: 'three', url: 'http://127.0.0.1:11/' });
    await api.delete(`/api/v2/agent-workers/${second.body.id}`);
    expect((await api.get(`/api/v2/agent-workers/${third.body.id}`)).body.default).toBe(true);
  });

  it('hides other organizations’ workers and needs the admin scope', async () => {
    const a = await newOrg(gw, 'workers-a');
    const b = await newOrg(gw, 'workers-b');
    const created = await a.api.post('/api/v2/agent-workers', { name: 'a', url: 'http://127.0.0.1:9/' });
    for (const res of [await b.api.get(`/api/v2/agent-workers/${created.body.id}`), await b.api.delete(`/api/v2/agent-workers/${created.body.id}`)]) {
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('AGENT_WORKER_NOT_FOUND');
    }
    const writer = await gw.gateway.services.apiKeys.create(a.orgId, { name: 'w', scopes: ['write'] });
    expect((await gw.api.withKey(writer.key).get('/api/v2/agent-workers')).status).toBe(403);
  });

  it.each([
    ['a non-URL', { name: 'x', url: 'not a url' }],
    ['an unknown field', { name: 'x', url: 'https://example.com/', secret: 'whsec_x' }],
    ['a zero timeout', { name: 'x', url: 'https://example.com/', timeoutSeconds: 0 }],
  ])('rejects %s', async (_label, body) => {
    const res = await gw.api.post('/api/v2/agent-workers', body);
    expect(res.status).toBe(400);
  });

  it('refuses http:// worker URLs unless private networks are allowed', async () => {
    const strict = await startTestGateway({ env: { OG_ALLOW_PRIVATE_NETWORK: 'false' } });
    try {
      const res = await strict.api.post('/api/v2/agent-workers', { name: 'x', url: 'http://example.com/' });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_ERROR');
    } finally {
      await strict.close();
    }
  });
});

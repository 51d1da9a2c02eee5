import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';
import { assertWebhookMatchesSpec } from '../support/spec-validation.ts';
import { eventually, startReceiver, type Receiver } from './support/receiver.ts';

let gw: TestGateway;
let receiver: Receiver;
beforeAll(async () => {
  gw = await startTestGateway({ env: { OG_WEBHOOK_MAX_ENDPOINTS: '3' } });
  receiver = await startReceiver();
});
afterAll(async () => {
  await gw.close();
  await receiver.close();
});

const cleanup = async () => {
  const list = await gw.api.get('/api/v2/webhooks?limit=100');
  for (const e of list.body.items) await gw.api.delete(`/api/v2/webhooks/${e.id}`);
};

describe('webhook endpoint management', () => {
  it('returns the whsec_ secret once and only its last 4 characters afterwards', async () => {
    const res = await gw.api.post('/api/v2/webhooks', { url: receiver.url, events: ['sequence.*'], description: 'crm', headers: { 'X-Tenant': 'acme' } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      object: 'webhook_endpoint',
      url: receiver.url,
      events: ['sequence.*'],
      description: 'crm',
      enabled: true,
      headers: { 'X-Tenant': 'acme' },
    });
    expect(res.body.secret).toMatch(/^whsec_/);
    expect(res.body.secretLast4).toBe(res.body.secret.slice(-4));
    const got = await gw.api.get(`/api/v2/webhooks/${res.body.id}`);
    expect(got.body).not.toHaveProperty('secret');
    const list = await gw.api.get('/api/v2/webhooks');
    expect(JSON.stringify(list.body)).not.toContain(res.body.secret);
    await cleanup();
  });

  it('updates url, events, description, headers and enabled', async () => {
    const { body } = await gw.api.post('/api/v2/webhooks', { url: receiver.url, events: ['*'] });
    const res = await gw.api.patch(`/api/v2/webhooks/${body.id}`, {
      events: ['table.*', 'webhook.test'],
      description: null,
      headers: { 'X-A': '1' },
      enabled: false,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ events: ['table.*', 'webhook.test'], description: null, headers: { 'X-A': '1' }, enabled: false });
    await cleanup();
  });

  it.each([
    ['an unknown event', { events: ['sequence.nope'] }],
    ['a reserved webhook-* header', { headers: { 'Webhook-Id': 'x' } }],
    ['a hop-by-hop header', { headers: { Connection: 'close' } }],
    ['a transport header', { headers: { host: 'evil.test' } }],
    ['userinfo in the URL', { url: 'http://user:pw@127.0.0.1:1/x' }],
    ['a metadata host', { url: 'http://metadata.google.internal/x' }],
    ['the metadata address', { url: 'http://169.254.169.254/latest' }],
    ['a non-http scheme', { url: 'ftp://example.com/x' }],
    ['a description over 500 characters', { description: 'x'.repeat(501) }],
  ])('refuses %s with 400 VALIDATION_ERROR', async (_name, patch) => {
    const res = await gw.api.post('/api/v2/webhooks', { url: receiver.url, events: ['*'], ...patch });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_ERROR');
  });

  it('caps enabled endpoints per organization (OG_WEBHOOK_MAX_ENDPOINTS) but accepts disabled ones', async () => {
    for (let i = 0; i < 3; i++) expect((await gw.api.post('/api/v2/webhooks', { url: receiver.url, events: ['*'] })).status).toBe(201);
    const over = await gw.api.post('/api/v2/webhooks', { url: receiver.url, events: ['*'] });
    expect(over.status).toBe(409);
    expect(over.body.code).toBe('WEBHOOK_ENDPOINT_LIMIT');
    const disabled = await gw.api.post('/api/v2/webhooks', { url: receiver.url, events: ['*'], enabled: false });
    expect(disabled.status).toBe(201);
    const enable = await gw.api.patch(`/api/v2/webhooks/${disabled.body.id}`, { enabled: true });
    expect(enable.status).toBe(409);
    await cleanup();
  });

  it('needs the admin scope and hides other organizations', async () => {
    const { body } = await gw.api.post('/api/v2/webhooks', { url: receiver.url, events: ['*'] });
    const writer = await gw.api.post('/api/v2/api-keys', { name: 'w', scopes: ['write'] });
    expect((await gw.api.withKey(writer.body.key).get('/api/v2/webhooks')).status).toBe(403);
    const org = await gw.gateway.services.organizations.ensure('webhooks-other');
    const other = await gw.gateway.services.apiKeys.create(org.id, { name: 'o', scopes: ['admin'] });
    const theirs = gw.api.withKey(other.key);
    const cross = await theirs.get(`/api/v2/webhooks/${body.id}`);
    const missing = await theirs.get('/api/v2/webhooks/0190a0b0-0000-7000-8000-000000000000');
    expect(cross.status).toBe(404);
    expect(cross.body).toEqual(missing.body);
    expect((await theirs.post(`/api/v2/webhooks/${body.id}/test`)).status).toBe(404);
    await cleanup();
  });

  it('delivers webhook.test to an endpoint not subscribed to it, signed and matching the spec', async () => {
    // (`events: []` would subscribe to every event: test/webhooks/empty-events.test.ts.)
    const { body } = await gw.api.post('/api/v2/webhooks', { url: receiver.url, events: ['table.*'], headers: { 'X-Tenant': 'acme' } });
    receiver.setSecrets([body.secret]);
    const test = await gw.api.post(`/api/v2/webhooks/${body.id}/test`);
    expect(test.status).toBe(202);
    expect(test.body).toMatchObject({ object: 'webhook_delivery', endpointId: body.id, eventType: 'webhook.test' });
    await receiver.until(() => receiver.received.some((r) => r.id === test.body.webhookId));
    const got = receiver.received.find((r) => r.id === test.body.webhookId)!;
    expect(got.verifiedWith).toEqual([body.secret]);
    expect(got.headers['x-tenant']).toBe('acme');
    expect(got.payload.id).toBe(got.id);
    assertWebhookMatchesSpec('webhook.test', got.payload);
    const delivery = await eventually(async () => {
      const res = await gw.api.get(`/api/v2/webhooks/deliveries/${test.body.id}`);
      return res.body.status === 'delivered' ? res.body : null;
    });
    expect(delivery.attempts).toHaveLength(1);
    expect(delivery.attempts[0]).toMatchObject({ attempt: 1, outcome: 'delivered', responseStatus: 200, responseBody: 'ok', error: null });
    await cleanup();
  });

  it('answers 409 when testing a disabled endpoint', async () => {
    const { body } = await gw.api.post('/api/v2/webhooks', { url: receiver.url, events: ['*'], enabled: false });
    const res = await gw.api.post(`/api/v2/webhooks/${body.id}/test`);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('WEBHOOK_ENDPOINT_DISABLED');
    await cleanup();
  });
});

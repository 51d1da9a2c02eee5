import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import supertest from 'supertest';
import type { EventType } from '../../src/events/event-types.ts';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';
import { assertWebhookMatchesSpec } from '../support/spec-validation.ts';
import { defaultOrgId } from './support/emit.ts';
import { exampleData } from './support/payloads.ts';
import { eventually, startReceiver, type Receiver } from './support/receiver.ts';

// The webhook-management conventions receivers coming from other providers rely on.

let gw: TestGateway;
let orgId: string;
let receiver: Receiver;
beforeAll(async () => {
  gw = await startTestGateway({ env: { OG_RETRY_SCHEDULE: '0,0.3,0.3', OG_WEBHOOK_DISABLE_AFTER_FAILURES: '3' } });
  orgId = await defaultOrgId(gw);
  receiver = await startReceiver();
});
afterAll(async () => {
  await gw.close();
  await receiver.close();
});

const emit = (type: EventType) => gw.gateway.services.outbox.record({ type, orgId, orderingKey: `k:${randomUUID()}`, data: exampleData[type]() });

async function deleteAll() {
  const list = await gw.api.get('/api/v2/webhooks?limit=100');
  for (const e of list.body.items) await gw.api.delete(`/api/v2/webhooks/${e.id}`);
}

describe('events: [] subscribes to every event', () => {
  it('delivers a table.run.completed to an endpoint created with events: []', async () => {
    try {
      const created = await gw.api.post('/api/v2/webhooks', { url: receiver.url, events: [] });
      expect(created.status).toBe(201);
      expect(created.body.events).toEqual([]);
      const event = await emit('table.run.completed');
      await receiver.until(() => receiver.received.some((r) => r.id === event.id));
      expect(receiver.received.find((r) => r.id === event.id)!.payload.type).toBe('table.run.completed');
    } finally {
      await deleteAll();
    }
  });

  it('applies to a PATCH to events: [] as well', async () => {
    try {
      const { body } = await gw.api.post('/api/v2/webhooks', { url: receiver.url, events: ['sequence.*'] });
      const patched = await gw.api.patch(`/api/v2/webhooks/${body.id}`, { events: [] });
      expect(patched.status).toBe(200);
      expect(patched.body.events).toEqual([]);
      const event = await emit('agent.run.completed');
      await receiver.until(() => receiver.received.some((r) => r.id === event.id));
    } finally {
      await deleteAll();
    }
  });
});

describe('caller-provided secrets', () => {
  const ownSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

  it('signs with the secret given on create, verified by the standardwebhooks library', async () => {
    const secret = ownSecret();
    try {
      const created = await gw.api.post('/api/v2/webhooks', { url: receiver.url, events: ['*'], secret });
      expect(created.status).toBe(201);
      expect(created.body.secret).toBe(secret);
      expect(created.body.secretLast4).toBe(secret.slice(-4));
      receiver.setSecrets([secret]);
      const test = await gw.api.post(`/api/v2/webhooks/${created.body.id}/test`);
      await receiver.until(() => receiver.received.some((r) => r.id === test.body.webhookId));
      const got = receiver.received.find((r) => r.id === test.body.webhookId)!;
      expect(got.verifiedWith).toEqual([secret]);
      expect(() => new Webhook(secret).verify(got.body, got.headers as Record<string, string>)).not.toThrow();
    } finally {
      await deleteAll();
    }
  });

  it('rotates to the secret given, the previous one still signing', async () => {
    const [first, second] = [ownSecret(), ownSecret()];
    try {
      const { body } = await gw.api.post('/api/v2/webhooks', { url: receiver.url, events: ['*'], secret: first });
      const rotated = await gw.api.post(`/api/v2/webhooks/${body.id}/rotate-secret`, { secret: second });
      expect(rotated.status).toBe(200);
      expect(rotated.body.secret).toBe(second);
      receiver.setSecrets([first, second]);
      const test = await gw.api.post(`/api/v2/webhooks/${body.id}/test`);
      await receiver.until(() => receiver.received.some((r) => r.id === test.body.webhookId));
      expect(receiver.received.find((r) => r.id === test.body.webhookId)!.verifiedWith).toEqual([first, second]);
      const bare = await gw.api.post(`/api/v2/webhooks/${body.id}/rotate-secret`);
      expect(bare.status).toBe(200);
      expect(bare.body.secret).toMatch(/^whsec_/);
      expect([first, second]).not.toContain(bare.body.secret);
    } finally {
      await deleteAll();
    }
  });

  it.each([
    ['without the whsec_ prefix', randomBytes(32).toString('base64')],
    ['of 16 bytes', `whsec_${randomBytes(16).toString('base64')}`],
    ['of 65 bytes', `whsec_${randomBytes(65).toString('base64')}`],
    ['not base64', 'whsec_not-base64-at-all-but-long-enough-to-pass'],
  ])('refuses a secret %s with 400 VALIDATION_ERROR that does not repeat it, and changes nothing', async (_name, secret) => {
    try {
      const bad = await gw.api.post('/api/v2/webhooks', { url: receiver.url, events: ['*'], secret });
      expect(bad.status).toBe(400);
      expect(bad.body.code).toBe('VALIDATION_ERROR');
      expect(bad.body.error).toMatch(/secret/);
      expect(JSON.stringify(bad.body)).not.toContain(secret.replace(/^whsec_/, ''));
      expect((await gw.api.get('/api/v2/webhooks')).body.items).toHaveLength(0);
      const { body } = await gw.api.post('/api/v2/webhooks', { url: receiver.url, events: ['*'] });
      const rotate = await gw.api.post(`/api/v2/webhooks/${body.id}/rotate-secret`, { secret });
      expect(rotate.status).toBe(400);
      expect(JSON.stringify(rotate.body)).not.toContain(secret.replace(/^whsec_/, ''));
      expect((await gw.api.get(`/api/v2/webhooks/${body.id}`)).body).toMatchObject({ secretLast4: body.secretLast4, previousSecretExpiresAt: null });
    } finally {
      await deleteAll();
    }
  });
});

describe('endpoint name', () => {
  it('is set on create, changed or cleared by PATCH, and shown in every view', async () => {
    try {
      const created = await gw.api.post('/api/v2/webhooks', { url: receiver.url, events: ['*'], name: 'CRM sync', description: 'pushes replies to the CRM' });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ name: 'CRM sync', description: 'pushes replies to the CRM' });
      expect((await gw.api.get(`/api/v2/webhooks/${created.body.id}`)).body.name).toBe('CRM sync');
      const renamed = await gw.api.patch(`/api/v2/webhooks/${created.body.id}`, { name: 'CRM' });
      expect(renamed.body).toMatchObject({ name: 'CRM', description: 'pushes replies to the CRM' });
      expect((await gw.api.get('/api/v2/webhooks')).body.items[0].name).toBe('CRM');
      expect((await gw.api.patch(`/api/v2/webhooks/${created.body.id}`, { name: null })).body.name).toBeNull();
      const unnamed = await gw.api.post('/api/v2/webhooks', { url: receiver.url, events: ['*'] });
      expect(unnamed.body.name).toBeNull();
      const tooLong = await gw.api.post('/api/v2/webhooks', { url: receiver.url, events: ['*'], name: 'x'.repeat(201) });
      expect(tooLong.status).toBe(400);
      expect(tooLong.body.code).toBe('VALIDATION_ERROR');
    } finally {
      await deleteAll();
    }
  });
});

describe('lastDeliveryAt and lastDeliveryStatus', () => {
  it('are null before the first attempt and follow each attempt after it', async () => {
    let reply = 200;
    const flaky = await startReceiver({ respond: () => ({ status: reply }) });
    try {
      const { body } = await gw.api.post('/api/v2/webhooks', { url: flaky.url, events: ['*'] });
      expect(body).toMatchObject({ lastDeliveryAt: null, lastDeliveryStatus: null });
      const before = Date.now();
      await emit('table.run.completed');
      const delivered = await eventually(async () => {
        const got = (await gw.api.get(`/api/v2/webhooks/${body.id}`)).body;
        return got.lastDeliveryStatus === 'delivered' ? got : null;
      });
      expect(Date.parse(delivered.lastDeliveryAt)).toBeGreaterThanOrEqual(before - 1_000);
      const inList = (await gw.api.get('/api/v2/webhooks')).body.items.find((e: { id: string }) => e.id === body.id);
      expect(inList).toMatchObject({ lastDeliveryAt: delivered.lastDeliveryAt, lastDeliveryStatus: 'delivered' });
      reply = 400;
      await emit('table.run.completed');
      const dropped = await eventually(async () => {
        const got = (await gw.api.get(`/api/v2/webhooks/${body.id}`)).body;
        return got.lastDeliveryStatus === 'dropped' ? got : null;
      });
      expect(Date.parse(dropped.lastDeliveryAt)).toBeGreaterThanOrEqual(Date.parse(delivered.lastDeliveryAt));
      reply = 200;
      await emit('table.run.completed');
      await eventually(async () => (await gw.api.get(`/api/v2/webhooks/${body.id}`)).body.lastDeliveryStatus === 'delivered');
    } finally {
      await deleteAll();
      await flaky.close();
    }
  });
});

describe('delivery lists', () => {
  type Item = { id: string; endpointId: string; eventType: string; status: string; responseStatus: number | null; latencyMs: number | null; createdAt: string };
  const listed = async (query: string) => {
    const res = await gw.api.get(`/api/v2/webhooks/deliveries?limit=100&${query}`);
    expect(res.status).toBe(200);
    return res.body.items as Item[];
  };

  it("show the last attempt's responseStatus and latencyMs, and filter by endpoint, type, status and time", async () => {
    const other = await startReceiver({ respond: () => ({ status: 400 }) });
    // Earlier tests of this file left deliveries too: count only this test's.
    const since = new Date(Date.now() - 1).toISOString();
    try {
      const a = (await gw.api.post('/api/v2/webhooks', { url: receiver.url, events: ['*'] })).body;
      const b = (await gw.api.post('/api/v2/webhooks', { url: other.url, events: ['*'] })).body;
      const first = await emit('table.run.completed');
      await eventually(async () => (await listed(`endpointId=${b.id}`)).some((d) => d.status === 'dropped'));
      await eventually(async () => (await listed(`endpointId=${a.id}`)).some((d) => d.status === 'delivered'));
      await new Promise((r) => setTimeout(r, 20));
      const between = new Date().toISOString();
      await new Promise((r) => setTimeout(r, 20));
      await emit('agent.run.completed');
      await eventually(async () => (await listed(`createdAfter=${between}`)).filter((d) => d.status !== 'pending').length === 2);

      const toA = await listed(`endpointId=${a.id}`);
      expect(toA.map((d) => d.endpointId)).toEqual([a.id, a.id]);
      for (const d of toA) {
        expect(d.responseStatus).toBe(200);
        expect(d.latencyMs).toEqual(expect.any(Number));
      }
      const perEndpoint = (await gw.api.get(`/api/v2/webhooks/${b.id}/deliveries`)).body.items as Item[];
      expect(perEndpoint.map((d) => d.responseStatus)).toEqual([400, 400]);
      expect(perEndpoint.every((d) => typeof d.latencyMs === 'number')).toBe(true);
      const perEndpointLater = (await gw.api.get(`/api/v2/webhooks/${b.id}/deliveries?createdAfter=${between}`)).body.items as Item[];
      expect(perEndpointLater.map((d) => d.eventType)).toEqual(['agent.run.completed']);
      expect((await gw.api.get(`/api/v2/webhooks/${b.id}/deliveries?createdAfter=${between}&createdBefore=${between}`)).status).toBe(400);

      expect((await listed(`status=dropped&endpointId=${b.id}&createdAfter=${since}`)).length).toBe(2);
      expect((await listed(`status=dropped&endpointId=${a.id}`)).length).toBe(0);
      const tables = await listed(`eventType=table.run.completed&createdAfter=${since}`);
      expect(tables.length).toBe(2);
      expect(tables.every((d) => d.eventType === 'table.run.completed')).toBe(true);
      const later = await listed(`createdAfter=${between}`);
      expect(later.map((d) => d.eventType)).toEqual(['agent.run.completed', 'agent.run.completed']);
      const earlier = await listed(`createdAfter=${since}&createdBefore=${between}`);
      expect(earlier.map((d) => d.eventType)).toEqual(['table.run.completed', 'table.run.completed']);
      expect(earlier.every((d) => d.createdAt < between)).toBe(true);
      expect(await listed(`createdAfter=${between}&eventType=table.run.completed`)).toEqual([]);
      void first;

      // A deleted endpoint's history stays searchable.
      await gw.api.delete(`/api/v2/webhooks/${b.id}`);
      expect((await listed(`endpointId=${b.id}`)).length).toBe(2);
    } finally {
      await deleteAll();
      await other.close();
    }
  });

  it.each([
    ['an endpointId that is not a uuid', 'endpointId=nope'],
    ['an unknown status', 'status=lost'],
    ['an unknown event type', 'eventType=table.nope'],
    ['a createdAfter that is not a time', 'createdAfter=yesterday'],
    ['a createdBefore that is not a time', 'createdBefore=2026-13-01T00:00:00Z'],
    ['an empty window', 'createdAfter=2026-01-02T00:00:00Z&createdBefore=2026-01-01T00:00:00Z'],
  ])('refuses %s with 400 VALIDATION_ERROR', async (_name, query) => {
    const res = await gw.api.get(`/api/v2/webhooks/deliveries?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_ERROR');
  });
});

describe('webhook.endpoint.disabled', () => {
  const disabledCount = async (reason: string) => {
    const text = (await supertest(gw.callback as never).get('/metrics')).text;
    const line = text.split('\n').find((l) => l.startsWith(`og_webhook_endpoints_disabled_total{reason="${reason}"}`));
    return line ? Number(line.split(' ').at(-1)) : 0;
  };

  it.each([
    ['gone', 410],
    ['consecutive_failures', 500],
  ])('is delivered to the other subscribed endpoints when one is disabled (%s)', async (reason, status) => {
    const failing = await startReceiver({ respond: () => ({ status }) });
    const watcher = await startReceiver();
    const quiet = await startReceiver();
    try {
      const before = await disabledCount(reason);
      const bad = (await gw.api.post('/api/v2/webhooks', { url: failing.url, events: ['*'] })).body;
      const watching = (await gw.api.post('/api/v2/webhooks', { url: watcher.url, events: ['webhook.endpoint.disabled'] })).body;
      await gw.api.post('/api/v2/webhooks', { url: quiet.url, events: ['table.*'] });
      watcher.setSecrets([watching.secret]);
      await emit('table.run.completed');
      await watcher.until(() => watcher.received.length >= 1, 15_000);
      const got = watcher.received[0];
      expect(got.verifiedWith).toEqual([watching.secret]);
      expect(got.payload).toMatchObject({ type: 'webhook.endpoint.disabled', data: { endpoint_id: bad.id, reason } });
      assertWebhookMatchesSpec('webhook.endpoint.disabled', got.payload);
      const endpoint = (await gw.api.get(`/api/v2/webhooks/${bad.id}`)).body;
      expect(endpoint).toMatchObject({ enabled: false, disabledAt: got.payload.data.disabled_at });
      expect(await disabledCount(reason)).toBe(before + 1);
      // Not to the disabled endpoint itself, nor to an endpoint not subscribed to it.
      expect(failing.received.every((r) => r.payload.type === 'table.run.completed')).toBe(true);
      expect(quiet.received.every((r) => r.payload.type === 'table.run.completed')).toBe(true);
      // The organization-wide log lists it like any delivery.
      const logged = (await gw.api.get(`/api/v2/webhooks/deliveries?eventType=webhook.endpoint.disabled&endpointId=${watching.id}`)).body.items;
      expect(logged).toHaveLength(1);
    } finally {
      await deleteAll();
      await Promise.all([failing.close(), watcher.close(), quiet.close()]);
    }
  });
});

import { randomUUID } from 'node:crypto';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_TYPES, type EventType } from '../../src/events/event-types.ts';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';
import { assertWebhookMatchesSpec } from '../support/spec-validation.ts';
import { defaultOrgId, emitTriggerEvent } from './support/emit.ts';
import { exampleData } from './support/payloads.ts';
import { eventually, sleep, startReceiver } from './support/receiver.ts';

let gw: TestGateway;
let orgId: string;
beforeAll(async () => {
  gw = await startTestGateway({ env: { OG_RETRY_SCHEDULE: '0,0.3,0.3,0.3', OG_WEBHOOK_DISABLE_AFTER_FAILURES: '5' } });
  orgId = await defaultOrgId(gw);
});
afterAll(() => gw.close());

const emit = (type: EventType, orderingKey = `k:${randomUUID()}`) => gw.gateway.services.outbox.record({ type, orgId, orderingKey, data: exampleData[type]() });

async function deleteAll() {
  const list = await gw.api.get('/api/v2/webhooks?limit=100');
  for (const e of list.body.items) await gw.api.delete(`/api/v2/webhooks/${e.id}`);
}

async function deliveriesOf(endpointId: string) {
  return (await gw.api.get(`/api/v2/webhooks/${endpointId}/deliveries?limit=100`)).body.items as {
    id: string;
    status: string;
    webhookId: string;
    lastError: string | null;
  }[];
}

describe('fan-out', () => {
  it('matches exact names and wildcards, and every payload validates against the webhooks: section', async () => {
    const receivers = await Promise.all([0, 1, 2, 3, 4].map(() => startReceiver()));
    const subs = [['sequence.*'], ['sequence.connection.*'], ['table.*'], ['sequence.reply.received', 'agent.*'], ['*']];
    try {
      const endpoints = [];
      for (const [i, events] of subs.entries()) endpoints.push((await gw.api.post('/api/v2/webhooks', { url: receivers[i].url, events })).body);
      const sent = EVENT_TYPES.filter((t) => t !== 'webhook.test');
      for (const type of sent) await emit(type);
      const expected = [
        ['sequence.message.sent', 'sequence.reply.received', 'sequence.connection.requested', 'sequence.connection.accepted'],
        ['sequence.connection.requested', 'sequence.connection.accepted'],
        ['table.run.completed'],
        ['sequence.reply.received', 'agent.run.completed'],
        sent,
      ];
      for (const [i, types] of expected.entries()) {
        await receivers[i].until(() => receivers[i].received.length >= types.length);
        await sleep(100);
        expect(receivers[i].received.map((r) => r.payload.type).sort()).toEqual([...types].sort());
      }
      for (const r of receivers[4].received) assertWebhookMatchesSpec(r.payload.type, r.payload);
      void endpoints;
    } finally {
      await deleteAll();
      await Promise.all(receivers.map((r) => r.close()));
    }
  });

  it('queues nothing for a disabled endpoint', async () => {
    const receiver = await startReceiver();
    try {
      const { body: off } = await gw.api.post('/api/v2/webhooks', { url: receiver.url, events: ['*'], enabled: false });
      const on = await startReceiver();
      const { body: live } = await gw.api.post('/api/v2/webhooks', { url: on.url, events: ['*'] });
      await emitTriggerEvent(gw, orgId);
      await on.until(() => on.received.length === 1);
      await sleep(300);
      expect(receiver.received).toHaveLength(0);
      expect(await deliveriesOf(off.id)).toHaveLength(0);
      expect(await deliveriesOf(live.id)).toHaveLength(1);
      await on.close();
    } finally {
      await deleteAll();
      await receiver.close();
    }
  });
});

describe('ordering per resource', () => {
  it('holds later events of a resource until the first is delivered, without holding other resources', async () => {
    let failuresLeft = 2;
    let firstA = '';
    const receiver = await startReceiver({
      respond: (r) => {
        if (r.payload.data.id === firstA && failuresLeft > 0) {
          failuresLeft -= 1;
          return { status: 500 };
        }
        return { status: 200 };
      },
    });
    try {
      await gw.api.post('/api/v2/webhooks', { url: receiver.url, events: ['trigger.received'] });
      const a = `trigger:${randomUUID()}`;
      const b = `trigger:${randomUUID()}`;
      const record = (key: string, n: number) => emitTriggerEvent(gw, orgId, key, { n });
      const a1 = await record(a, 1);
      firstA = a1.data.id as string;
      const a2 = await record(a, 2);
      const b1 = await record(b, 1);
      const a3 = await record(a, 3);
      await receiver.until(() => receiver.received.filter((r) => r.headers['webhook-id'] === a3.id).length === 1, 10_000);
      const order = receiver.received.map((r) => r.id);
      const ofA = order.filter((id) => [a1.id, a2.id, a3.id].includes(id));
      expect(ofA).toEqual([a1.id, a1.id, a1.id, a2.id, a3.id]);
      // b1 went out before a1's successful (third) attempt.
      expect(order.indexOf(b1.id)).toBeLessThan(order.lastIndexOf(a1.id));
    } finally {
      await deleteAll();
      await receiver.close();
    }
  });

  it('wakes an event flagged on its predecessor while that one was being delivered, at once', async () => {
    // The first attempt is slow; the second event is fanned out meanwhile, finds the first
    // pending and flags it. Nothing in this process's memory says the first has a
    // successor: only the store does, and its (successful) finish must read it.
    let firstArrived!: () => void;
    const arrived = new Promise<void>((resolve) => (firstArrived = resolve));
    const receiver = await startReceiver({
      respond: async (_r, n) => {
        if (n === 1) {
          firstArrived();
          await sleep(300);
        }
        return { status: 200 };
      },
    });
    try {
      await gw.api.post('/api/v2/webhooks', { url: receiver.url, events: ['trigger.received'] });
      const key = `trigger:${randomUUID()}`;
      const first = await emitTriggerEvent(gw, orgId, key, { n: 1 });
      await arrived;
      const second = await emitTriggerEvent(gw, orgId, key, { n: 2 });
      await receiver.until(() => receiver.received.length === 2, 5_000);
      console.log(
        'GAP',
        receiver.received[1].at - receiver.received[0].at,
        JSON.stringify(await deliveriesOf((await gw.api.get('/api/v2/webhooks')).body.items[0].id)),
      );
      expect(receiver.received.map((r) => r.id)).toEqual([first.id, second.id]);
      // Inside the 5 s after which the recovery sweep would have woken it (its attempt
      // waited 300 ms of that for the first's answer).
      expect(receiver.received[1].at - receiver.received[0].at).toBeLessThan(3_000);
    } finally {
      await deleteAll();
      await receiver.close();
    }
  });
});

describe('endpoint health', () => {
  it('disables an endpoint after consecutive failed attempts and says why on the endpoint and the delivery', async () => {
    const receiver = await startReceiver({ respond: () => ({ status: 503 }) });
    try {
      const { body: endpoint } = await gw.api.post('/api/v2/webhooks', { url: receiver.url, events: ['*'] });
      await emitTriggerEvent(gw, orgId);
      await emitTriggerEvent(gw, orgId);
      const ep = await eventually(async () => {
        const res = await gw.api.get(`/api/v2/webhooks/${endpoint.id}`);
        return res.body.enabled ? null : res.body;
      });
      expect(ep.disabledReason).toBe('5 consecutive failed attempts');
      const ds = await deliveriesOf(endpoint.id);
      expect(ds.some((d) => /endpoint disabled: 5 consecutive failed attempts/.test(d.lastError ?? ''))).toBe(true);
      // An attempt of the other delivery may already be on the wire when the fifth failure
      // disables the endpoint; after that, nothing more goes out while it is disabled.
      await sleep(300);
      const atDisable = receiver.received.length;
      expect(atDisable).toBeGreaterThanOrEqual(5);
      expect(atDisable).toBeLessThanOrEqual(6);
      await sleep(800);
      expect(receiver.received).toHaveLength(atDisable);
      expect((await deliveriesOf(endpoint.id)).every((d) => d.status === 'pending' || d.status === 'failed')).toBe(true);
    } finally {
      await deleteAll();
      await receiver.close();
    }
  });

  it('resumes paused deliveries when the endpoint is enabled again', async () => {
    let healthy = false;
    const receiver = await startReceiver({ respond: () => ({ status: healthy ? 200 : 503 }) });
    try {
      const { body: endpoint } = await gw.api.post('/api/v2/webhooks', { url: receiver.url, events: ['*'] });
      await emitTriggerEvent(gw, orgId);
      await receiver.until(() => receiver.received.length >= 1);
      // Disabled between attempts: the retry finds it disabled and pauses.
      await gw.api.patch(`/api/v2/webhooks/${endpoint.id}`, { enabled: false });
      await eventually(
        async () =>
          (await deliveriesOf(endpoint.id))[0].status === 'pending' &&
          (await gw.api.get(`/api/v2/webhooks/deliveries/${(await deliveriesOf(endpoint.id))[0].id}`)).body.waiting === 'endpoint_disabled',
      );
      healthy = true;
      await gw.api.patch(`/api/v2/webhooks/${endpoint.id}`, { enabled: true });
      await eventually(async () => (await deliveriesOf(endpoint.id))[0].status === 'delivered');
    } finally {
      await deleteAll();
      await receiver.close();
    }
  });
});

describe('delete, redeliver, recover', () => {
  it('drops pending deliveries when the endpoint is deleted and keeps their history', async () => {
    const receiver = await startReceiver({ respond: () => ({ status: 500 }) });
    try {
      const { body: endpoint } = await gw.api.post('/api/v2/webhooks', { url: receiver.url, events: ['*'] });
      const event = await emitTriggerEvent(gw, orgId);
      await receiver.until(() => receiver.received.length === 1);
      const [d] = await deliveriesOf(endpoint.id);
      expect(d.status).toBe('pending');
      expect((await gw.api.delete(`/api/v2/webhooks/${endpoint.id}`)).status).toBe(200);
      await sleep(1_000);
      expect(receiver.received).toHaveLength(1);
      const kept = await gw.api.get(`/api/v2/webhooks/deliveries/${d.id}`);
      expect(kept.body).toMatchObject({ status: 'dropped', lastError: 'endpoint deleted', webhookId: event.id });
    } finally {
      await receiver.close();
    }
  });

  it('redelivers with the same webhook-id and a new attempt', async () => {
    const receiver = await startReceiver();
    try {
      const { body: endpoint } = await gw.api.post('/api/v2/webhooks', { url: receiver.url, events: ['*'] });
      receiver.setSecrets([endpoint.secret]);
      const event = await emitTriggerEvent(gw, orgId);
      await receiver.until(() => receiver.received.length === 1);
      const [d] = await eventually(async () => ((await deliveriesOf(endpoint.id))[0]?.status === 'delivered' ? deliveriesOf(endpoint.id) : null));
      const res = await gw.api.post(`/api/v2/webhooks/deliveries/${d.id}/redeliver`);
      expect(res.status).toBe(202);
      await receiver.until(() => receiver.received.length === 2);
      expect(receiver.received.map((r) => r.id)).toEqual([event.id, event.id]);
      expect(receiver.received[1].body).toBe(receiver.received[0].body);
      expect(receiver.received[1].verifiedWith).toEqual([endpoint.secret]);
      const detail = await eventually(async () => {
        const got = (await gw.api.get(`/api/v2/webhooks/deliveries/${d.id}`)).body;
        return got.attempts.length === 2 && got.status === 'delivered' ? got : null;
      });
      expect(detail.attempts.map((a: { attempt: number }) => a.attempt)).toEqual([1, 2]);
    } finally {
      await deleteAll();
      await receiver.close();
    }
  });

  it('recovers the failed deliveries of a window', async () => {
    let healthy = false;
    const receiver = await startReceiver({ respond: () => ({ status: healthy ? 200 : 404 }) });
    try {
      const since = new Date(Date.now() - 1000).toISOString();
      const { body: endpoint } = await gw.api.post('/api/v2/webhooks', { url: receiver.url, events: ['*'] });
      const events = [await emitTriggerEvent(gw, orgId), await emitTriggerEvent(gw, orgId)];
      await eventually(async () => (await deliveriesOf(endpoint.id)).filter((d) => d.status === 'dropped').length === 2);
      healthy = true;
      const res = await gw.api.post(`/api/v2/webhooks/${endpoint.id}/recover`, { since });
      expect(res.status).toBe(202);
      expect(res.body).toMatchObject({ object: 'webhook_recovery', status: 'completed', total: 2, processed: 2 });
      await receiver.until(() => receiver.received.length === 4);
      expect(new Set(receiver.received.slice(2).map((r) => r.id))).toEqual(new Set(events.map((e) => e.id)));
      const progress = await gw.api.get(`/api/v2/webhooks/${endpoint.id}/recoveries/${res.body.id}`);
      expect(progress.body.status).toBe('completed');
    } finally {
      await deleteAll();
      await receiver.close();
    }
  });

  it('recovers a large window in a background job with visible progress', async () => {
    let healthy = false;
    const receiver = await startReceiver({ respond: () => ({ status: healthy ? 200 : 400 }) });
    try {
      const since = new Date(Date.now() - 1000).toISOString();
      const { body: endpoint } = await gw.api.post('/api/v2/webhooks', { url: receiver.url, events: ['*'] });
      await Promise.all(Array.from({ length: 120 }, () => emitTriggerEvent(gw, orgId)));
      await receiver.until(() => receiver.received.length === 120, 20_000);
      await eventually(async () => (await gw.api.get(`/api/v2/webhooks/deliveries?status=dropped&limit=100`)).body.nextCursor !== null);
      healthy = true;
      // 120 failures in a row disabled it (threshold 5 here); enabling resets the count.
      expect((await gw.api.get(`/api/v2/webhooks/${endpoint.id}`)).body.enabled).toBe(false);
      await gw.api.patch(`/api/v2/webhooks/${endpoint.id}`, { enabled: true });
      const res = await gw.api.post(`/api/v2/webhooks/${endpoint.id}/recover`, { since });
      expect(res.status).toBe(202);
      expect(res.body).toMatchObject({ status: 'running', total: 120, processed: 0 });
      const done = await eventually(async () => {
        const got = (await gw.api.get(`/api/v2/webhooks/${endpoint.id}/recoveries/${res.body.id}`)).body;
        return got.status === 'completed' ? got : null;
      }, 20_000);
      expect(done.processed).toBe(120);
      await receiver.until(() => new Set(receiver.received.slice(120).map((r) => r.id)).size === 120, 20_000);
    } finally {
      await deleteAll();
      await receiver.close();
    }
  });

  it("treats another organization's delivery like a missing one", async () => {
    const receiver = await startReceiver();
    try {
      await gw.api.post('/api/v2/webhooks', { url: receiver.url, events: ['*'] });
      await emitTriggerEvent(gw, orgId);
      await receiver.until(() => receiver.received.length === 1);
      const mine = (await gw.api.get('/api/v2/webhooks/deliveries?limit=1')).body.items[0];
      const org = await gw.gateway.services.organizations.ensure('deliveries-other');
      const theirs = gw.api.withKey((await gw.gateway.services.apiKeys.create(org.id, { name: 'o', scopes: ['admin'] })).key);
      const missing = await theirs.get('/api/v2/webhooks/deliveries/0190a0b0-0000-7000-8000-000000000000');
      const cross = await theirs.get(`/api/v2/webhooks/deliveries/${mine.id}`);
      expect(cross.status).toBe(404);
      expect(cross.body).toEqual(missing.body);
      expect((await theirs.post(`/api/v2/webhooks/deliveries/${mine.id}/redeliver`)).status).toBe(404);
      expect((await theirs.get('/api/v2/webhooks/deliveries')).body.items).toEqual([]);
    } finally {
      await deleteAll();
      await receiver.close();
    }
  });
});

describe('delivery log', () => {
  it('forgets deliveries after their retention period (TTL index on expiresAt)', async () => {
    const receiver = await startReceiver();
    try {
      const { body: endpoint } = await gw.api.post('/api/v2/webhooks', { url: receiver.url, events: ['*'] });
      await emitTriggerEvent(gw, orgId);
      const [d] = await eventually(async () => ((await deliveriesOf(endpoint.id))[0]?.status === 'delivered' ? deliveriesOf(endpoint.id) : null));
      const stored = await gw.db.collection('webhook_deliveries').findOne({ _id: d.id } as never);
      expect(stored!.expiresAt.getTime() - stored!.createdAt.getTime()).toBe(30 * 24 * 60 * 60 * 1000);
      // Age it past retention instead of waiting 30 days.
      await gw.db.collection('webhook_deliveries').updateOne({ _id: d.id } as never, { $set: { expiresAt: new Date(Date.now() - 1000) } });
      await eventually(async () => (await gw.api.get(`/api/v2/webhooks/deliveries/${d.id}`)).status === 404, 20_000, 250);
    } finally {
      await deleteAll();
      await receiver.close();
    }
  });
  it('lists newest first with filters and cursors, and exposes metrics', async () => {
    const receiver = await startReceiver();
    try {
      const { body: endpoint } = await gw.api.post('/api/v2/webhooks', { url: receiver.url, events: ['*'] });
      for (let i = 0; i < 3; i++) await emitTriggerEvent(gw, orgId);
      await emit('table.run.completed');
      await receiver.until(() => receiver.received.length === 4);
      await eventually(async () => (await deliveriesOf(endpoint.id)).every((d) => d.status === 'delivered'));
      const page1 = await gw.api.get('/api/v2/webhooks/deliveries?eventType=trigger.received&status=delivered&limit=2');
      expect(page1.body.items).toHaveLength(2);
      expect(page1.body.items[0].id > page1.body.items[1].id).toBe(true);
      const page2 = await gw.api.get(`/api/v2/webhooks/deliveries?eventType=trigger.received&status=delivered&limit=2&cursor=${page1.body.nextCursor}`);
      expect(page2.body.items.length).toBeGreaterThanOrEqual(1);
      expect(page2.body.items[0].id < page1.body.items[1].id).toBe(true);
      const tables = await gw.api.get('/api/v2/webhooks/deliveries?eventType=table.run.completed');
      expect(tables.body.items.every((d: { eventType: string }) => d.eventType === 'table.run.completed')).toBe(true);
      const metrics = await supertest(gw.callback as never).get('/metrics');
      expect(metrics.text).toMatch(/og_webhook_deliveries_delivered_total \d+/);
      expect(metrics.text).toMatch(/og_webhook_pending_deliveries \d+/);
      expect(metrics.text).toMatch(/og_webhook_retries_scheduled_total \d+/);
    } finally {
      await deleteAll();
      await receiver.close();
    }
  });
});

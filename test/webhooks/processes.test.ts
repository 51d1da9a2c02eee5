import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { startTestGateway } from '../support/test-gateway.ts';
import { uniqueDbName } from '../support/mongo-uri.ts';
import { defaultOrgId, emitTriggerEvent } from './support/emit.ts';
import { eventually, sleep, startReceiver } from './support/receiver.ts';

describe('several processes on one database', () => {
  it('makes each attempt exactly once: two gateways share the retries', async () => {
    const seen = new Map<string, number>();
    const receiver = await startReceiver({
      respond: (r) => {
        const n = (seen.get(r.id) ?? 0) + 1;
        seen.set(r.id, n);
        return { status: n < 3 ? 500 : 200 };
      },
    });
    const dbName = uniqueDbName('wh2p');
    const env = { OG_RETRY_SCHEDULE: '0,0.2,0.2,0.2', OG_WEBHOOK_SWEEP_MS: '100' };
    const a = await startTestGateway({ env, dbName, instanceName: 'a' });
    const b = await startTestGateway({ env: { ...env, OG_BOOTSTRAP_KEY: a.adminKey }, dbName, instanceName: 'b' });
    try {
      const { body: endpoint } = await a.api.post('/api/v2/webhooks', { url: receiver.url, events: ['*'] });
      const orgId = await defaultOrgId(a);
      const events = [];
      for (let i = 0; i < 30; i++) events.push(await emitTriggerEvent(i % 2 ? a : b, orgId));
      await receiver.until(() => [...seen.values()].filter((n) => n >= 3).length === 30, 20_000);
      await sleep(500);
      // Three attempts each (fail, fail, deliver), never a fourth or a doubled attempt.
      expect([...seen.values()]).toEqual(new Array(30).fill(3));
      const list = await b.api.get(`/api/v2/webhooks/${endpoint.id}/deliveries?status=delivered&limit=100`);
      expect(list.body.items).toHaveLength(30);
      for (const d of list.body.items) expect(d.attempts).toBe(3);
    } finally {
      await a.close();
      await b.close();
      await receiver.close();
    }
  });

  it('keeps a scheduled retry across a restart', async () => {
    let healthy = false;
    const receiver = await startReceiver({ respond: () => ({ status: healthy ? 200 : 503 }) });
    const dbName = uniqueDbName('whrs');
    const env = { OG_RETRY_SCHEDULE: '0,1.5' };
    const first = await startTestGateway({ env, dbName });
    let second;
    try {
      const { body: endpoint } = await first.api.post('/api/v2/webhooks', { url: receiver.url, events: ['*'] });
      const event = await emitTriggerEvent(first, await defaultOrgId(first));
      await receiver.until(() => receiver.received.length === 1);
      await first.close();
      healthy = true;
      second = await startTestGateway({ env: { ...env, OG_BOOTSTRAP_KEY: first.adminKey }, dbName });
      await receiver.until(() => receiver.received.length === 2, 10_000);
      expect(receiver.received.map((r) => r.id)).toEqual([event.id, event.id]);
      const s = second;
      await eventually(async () => (await s.api.get(`/api/v2/webhooks/${endpoint.id}/deliveries`)).body.items[0].status === 'delivered');
    } finally {
      await second?.close();
      await receiver.close();
    }
  });

  it("keeps a resource's events in order when two gateways record them alternately", async () => {
    // The receiver is slow, so each gateway's fan-out of its own event overlaps the other's.
    const receiver = await startReceiver({ respond: async () => (await sleep(15), { status: 200 }) });
    const dbName = uniqueDbName('whord');
    const a = await startTestGateway({ dbName, instanceName: 'a' });
    const b = await startTestGateway({ env: { OG_BOOTSTRAP_KEY: a.adminKey }, dbName, instanceName: 'b' });
    try {
      await a.api.post('/api/v2/webhooks', { url: receiver.url, events: ['*'] });
      const orgId = await defaultOrgId(a);
      const key = `trigger:${randomUUID()}`;
      const ids: string[] = [];
      for (let i = 0; i < 12; i++) ids.push((await emitTriggerEvent(i % 2 ? a : b, orgId, key, { n: i })).id);
      await receiver.until(() => new Set(receiver.received.map((r) => r.id)).size === ids.length, 15_000);
      // Order is event-id order: UUIDv7s of two processes in one millisecond tie-break at random.
      const byId = [...ids].sort();
      expect(receiver.received.map((r) => byId.indexOf(r.id))).toEqual(byId.map((_, i) => i));
    } finally {
      await a.close();
      await b.close();
      await receiver.close();
    }
  });

  it('holds an event behind an earlier one of its resource that another process recorded but has not fanned out', async () => {
    const receiver = await startReceiver();
    const dbName = uniqueDbName('whunf');
    const env = { OG_WEBHOOK_SWEEP_MS: '100' };
    const a = await startTestGateway({ env, dbName, instanceName: 'a' });
    const b = await startTestGateway({ env: { ...env, OG_BOOTSTRAP_KEY: a.adminKey }, dbName, instanceName: 'b' });
    try {
      await a.api.post('/api/v2/webhooks', { url: receiver.url, events: ['*'] });
      const orgId = await defaultOrgId(a);
      const key = `trigger:${randomUUID()}`;
      // What a process killed between recording an event and fanning it out leaves behind.
      const outbox = a.gateway.services.outbox;
      const first = outbox.stage({
        type: 'trigger.received',
        orgId,
        orderingKey: key,
        data: { object: 'trigger_event', id: randomUUID(), triggerId: randomUUID(), triggerName: 'test', receivedAt: new Date().toISOString(), body: { n: 1 } },
      });
      await outbox.events.insertMany([first], new Date());
      await sleep(5); // a later millisecond, so the second's id sorts after the first's
      const second = await emitTriggerEvent(b, orgId, key, { n: 2 });
      // b fans the second out at once, but holds it until a recovery sweep has fanned out
      // and delivered the first.
      await receiver.until(() => receiver.received.length === 2, 15_000);
      expect(receiver.received.map((r) => r.id)).toEqual([first.id, second.id]);
    } finally {
      await a.close();
      await b.close();
      await receiver.close();
    }
  });
});

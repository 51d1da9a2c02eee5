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
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';
import { assertWebhookMatchesSpec } from '../support/spec-validation.ts';
import { defaultOrgId, emitTriggerEvent } from './support/emit.ts';
import { eventually, startReceiver, type Reply } from './support/receiver.ts';

// Three attempts 300 ms apart stand in for the contract's ten slots.
let gw: TestGateway;
let orgId: string;
beforeAll(async () => {
  gw = await startTestGateway({ env: { OG_RETRY_SCHEDULE: '0,0.3,0.3', OG_WEBHOOK_TIMEOUT_MS: '400' } });
  orgId = await defaultOrgId(gw);
});
afterAll(() => gw.close());

async function finalDelivery(endpointId: string) {
  return eventually(async () => {
    const list = await gw.api.get(`/api/v2/webhooks/${endpointId}/deliveries`);
    const d = list.body.items[0];
    if (!d || d.status === 'pending') return null;
    return (await gw.api.get(`/api/v2/webhooks/deliveries/${d.id}`)).body;
  }, 15_000);
}

describe('retry classification', () => {
  it.each<[string, Reply, { status: string; attempts: number; endpointEnabled: boolean; error?: RegExp }]>([
    ['200', { status: 200 }, { status: 'delivered', attempts: 1, endpointEnabled: true }],
    ['301 (not followed)', { status: 301, headers: { location: '/elsewhere' } }, { status: 'dropped', attempts: 1, endpointEnabled: true, error: /301/ }],
    ['400', { status: 400 }, { status: 'dropped', attempts: 1, endpointEnabled: true, error: /400/ }],
    ['408', { status: 408 }, { status: 'failed', attempts: 3, endpointEnabled: true, error: /408.*gave up after 3/ }],
    ['410', { status: 410 }, { status: 'dropped', attempts: 1, endpointEnabled: false, error: /410.*endpoint disabled/ }],
    ['429', { status: 429 }, { status: 'failed', attempts: 3, endpointEnabled: true, error: /429/ }],
    ['500', { status: 500, body: 'x'.repeat(5000) }, { status: 'failed', attempts: 3, endpointEnabled: true, error: /500/ }],
    ['a timeout', 'hang', { status: 'failed', attempts: 3, endpointEnabled: true, error: /timed out/ }],
    ['a connection reset', 'reset', { status: 'failed', attempts: 3, endpointEnabled: true, error: /network/ }],
  ])('%s', async (_name, reply, expected) => {
    const receiver = await startReceiver({ respond: () => reply });
    try {
      const { body: endpoint } = await gw.api.post('/api/v2/webhooks', { url: receiver.url, events: ['trigger.*'] });
      receiver.setSecrets([endpoint.secret]);
      await emitTriggerEvent(gw, orgId);
      const d = await finalDelivery(endpoint.id);
      expect(d.status).toBe(expected.status);
      expect(d.attempts).toHaveLength(expected.attempts);
      expect(receiver.received).toHaveLength(expected.attempts);
      if (expected.error) expect(d.lastError).toMatch(expected.error);
      // Same webhook-id and byte-identical body on every attempt; a fresh signature each time.
      expect(new Set(receiver.received.map((r) => r.id))).toEqual(new Set([d.webhookId]));
      expect(new Set(receiver.received.map((r) => r.body)).size).toBe(1);
      for (const r of receiver.received) {
        expect(r.verifiedWith).toEqual([endpoint.secret]);
        assertWebhookMatchesSpec('trigger.received', r.payload);
      }
      expect(receiver.received.every((r) => r.headers.location === undefined)).toBe(true);
      for (const a of d.attempts) expect((a.responseBody ?? '').length).toBeLessThanOrEqual(2048);
      const ep = await gw.api.get(`/api/v2/webhooks/${endpoint.id}`);
      expect(ep.body.enabled).toBe(expected.endpointEnabled);
      if (!expected.endpointEnabled) expect(ep.body.disabledReason).toMatch(/410/);
      await gw.api.delete(`/api/v2/webhooks/${endpoint.id}`);
    } finally {
      await receiver.close();
    }
  });

  it('waits at least as long as Retry-After asks', async () => {
    const receiver = await startReceiver({ respond: (_r, nth) => (nth === 1 ? { status: 429, headers: { 'retry-after': '1' } } : { status: 200 }) });
    try {
      const { body: endpoint } = await gw.api.post('/api/v2/webhooks', { url: receiver.url, events: ['*'] });
      await emitTriggerEvent(gw, orgId);
      const d = await finalDelivery(endpoint.id);
      expect(d.status).toBe('delivered');
      expect(receiver.received).toHaveLength(2);
      expect(receiver.received[1].at - receiver.received[0].at).toBeGreaterThanOrEqual(950);
      expect(d.attempts[0]).toMatchObject({ outcome: 'retry', responseStatus: 429 });
      expect(Date.parse(d.attempts[0].nextAttemptAt) - Date.parse(d.attempts[0].at)).toBeGreaterThanOrEqual(1000);
      await gw.api.delete(`/api/v2/webhooks/${endpoint.id}`);
    } finally {
      await receiver.close();
    }
  });

  it('keeps the first 2 KB of the response body on the attempt', async () => {
    const receiver = await startReceiver({ respond: () => ({ status: 200, body: 'y'.repeat(10_000) }) });
    try {
      const { body: endpoint } = await gw.api.post('/api/v2/webhooks', { url: receiver.url, events: ['*'] });
      await emitTriggerEvent(gw, orgId);
      const d = await finalDelivery(endpoint.id);
      expect(d.attempts[0].responseBody).toBe('y'.repeat(2048));
      expect(d.attempts[0].latencyMs).toBeGreaterThanOrEqual(0);
      await gw.api.delete(`/api/v2/webhooks/${endpoint.id}`);
    } finally {
      await receiver.close();
    }
  });
});

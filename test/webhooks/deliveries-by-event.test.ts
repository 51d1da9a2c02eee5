import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';
import { defaultOrgId, emitTriggerEvent } from './support/emit.ts';
import { eventually, startReceiver } from './support/receiver.ts';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(() => gw.close());

describe('GET /api/v2/webhooks/deliveries?eventId=', () => {
  it("lists one event's deliveries, one per endpoint it went to, and nothing else", async () => {
    const orgId = await defaultOrgId(gw);
    const receivers = [await startReceiver(), await startReceiver()];
    const endpoints = [];
    for (const r of receivers) endpoints.push((await gw.api.post('/api/v2/webhooks', { url: r.url, events: ['trigger.*'] })).body.id);
    await emitTriggerEvent(gw, orgId);
    await emitTriggerEvent(gw, orgId);
    await eventually(async () => receivers.every((r) => r.received.length === 2) || null);
    const [first, second] = receivers[0].received.map((r) => r.payload.id);
    expect(first).not.toBe(second);
    const res = await gw.api.get(`/api/v2/webhooks/deliveries?eventId=${first}`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((d: { endpointId: string }) => d.endpointId).sort()).toEqual([...endpoints].sort());
    for (const d of res.body.items) {
      const detail = await gw.api.get(`/api/v2/webhooks/deliveries/${d.id}`);
      expect(detail.body.payload.id).toBe(first);
    }
    const none = await gw.api.get('/api/v2/webhooks/deliveries?eventId=01a00000-0000-7000-8000-000000000000');
    expect(none.body.items).toEqual([]);
  });
});

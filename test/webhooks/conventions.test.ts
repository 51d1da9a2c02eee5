import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import type { EventType } from '../../src/events/event-types.ts';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';
import { defaultOrgId } from './support/emit.ts';
import { exampleData } from './support/payloads.ts';
import { eventually, startReceiver, type Receiver } from './support/receiver.ts';

// The webhook-management conventions receivers coming from other providers rely on.

let gw: TestGateway;
let orgId: string;
let receiver: Receiver;
beforeAll(async () => {
  gw = await startTestGateway({ env: { OG_RETRY_SCHEDULE: '0,0.3,0.3', OG_WEBHOOK_DISABLE_AFTER_FAILURES: '50' } });
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

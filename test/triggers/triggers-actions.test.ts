import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verify } from '../../src/outbound/signing.ts';
import { assertWebhookMatchesSpec } from '../support/spec-validation.ts';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';
import { createTrigger, postHook, settledEvent, waitFor } from './support.ts';

let gw: TestGateway;
let receiver: Server;
let receiverUrl: string;
const received: { headers: IncomingMessage['headers']; body: string }[] = [];

beforeAll(async () => {
  gw = await startTestGateway({ env: { OG_RETRY_SCHEDULE: '0,0.2,0.2' } });
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
});
afterAll(async () => {
  await gw?.close();
  await new Promise((r) => receiver?.close(r));
});

describe('trigger actions', () => {
  it('event: reaches a subscribed webhook endpoint as a signed trigger.received with the validated body', async () => {
    const endpoint = await gw.api.post('/api/v2/webhooks', { url: receiverUrl, events: ['trigger.received'] });
    expect(endpoint.status).toBe(201);
    const t = await createTrigger(gw, { name: 'crm-leads', action: 'event', schema: { type: 'object', required: ['email'] } });
    const posted = await postHook(gw, t.url, JSON.stringify({ email: 'lead@example.test', score: 42 }));
    expect(posted.status).toBe(202);
    const event = await settledEvent(gw, t.id, posted.body.id);
    expect(event.status).toBe('processed');
    const delivery = await waitFor(async () => received.find((r) => r.body.includes(posted.body.id)));
    const payload = JSON.parse(delivery.body);
    assertWebhookMatchesSpec('trigger.received', payload);
    expect(payload.data).toMatchObject({
      object: 'trigger_event',
      id: posted.body.id,
      triggerId: t.id,
      triggerName: 'crm-leads',
      body: { email: 'lead@example.test', score: 42 },
    });
    expect(payload.id).toBe(event.result!.eventId);
    const ok = verify(
      endpoint.body.secret,
      {
        id: String(delivery.headers['webhook-id']),
        timestamp: String(delivery.headers['webhook-timestamp']),
        signature: String(delivery.headers['webhook-signature']),
      },
      delivery.body,
      { nowSeconds: Math.floor(Date.now() / 1000) },
    );
    expect(ok).toBe(true);
  });

  it('replay re-runs the action from the stored bytes; a duplicate cannot be replayed', async () => {
    const t = await createTrigger(gw, { name: 'replayable', action: 'event' });
    const posted = await postHook(gw, t.url, '{"n":1}', { headers: { 'webhook-id': 'msg_replay_1' } });
    const dup = await postHook(gw, t.url, '{"n":1}', { headers: { 'webhook-id': 'msg_replay_1' } });
    expect(dup.status).toBe(200);
    const first = await settledEvent(gw, t.id, posted.body.id);
    expect(first.status).toBe('processed');
    const replay = await gw.api.post(`/api/v2/triggers/${t.id}/events/${posted.body.id}/replay`);
    expect(replay.status).toBe(202);
    await waitFor(async () => {
      const e = await settledEvent(gw, t.id, posted.body.id);
      return e.replayCount === 1 && e.status === 'processed' ? e : null;
    });
    const effects = await gw.db.collection('events').find({ type: 'trigger.received', 'data.id': posted.body.id }).toArray();
    expect(effects).toHaveLength(2);
    const dupEvent = (await gw.api.get(`/api/v2/triggers/${t.id}/events?status=duplicate`)).body.items[0];
    expect((await gw.api.post(`/api/v2/triggers/${t.id}/events/${dupEvent.id}/replay`)).status).toBe(409);
    expect((await gw.api.post(`/api/v2/triggers/${t.id}/events/${crypto.randomUUID()}/replay`)).status).toBe(404);
  });

  it('lists the event log newest first with a cursor and a status filter', async () => {
    const t = await createTrigger(gw, { name: 'log', action: 'event' });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await postHook(gw, t.url, JSON.stringify({ i }))).body.id);
    const page1 = await gw.api.get(`/api/v2/triggers/${t.id}/events?limit=3`);
    expect(page1.body.items.map((e: { id: string }) => e.id)).toEqual(ids.slice(2).reverse());
    const page2 = await gw.api.get(`/api/v2/triggers/${t.id}/events?limit=3&cursor=${page1.body.nextCursor}`);
    expect(page2.body.items.map((e: { id: string }) => e.id)).toEqual(ids.slice(0, 2).reverse());
    expect(page2.body.nextCursor).toBeNull();
    for (const id of ids) await settledEvent(gw, t.id, id);
    expect((await gw.api.get(`/api/v2/triggers/${t.id}/events?status=processed`)).body.items).toHaveLength(5);
    expect((await gw.api.get(`/api/v2/triggers/${t.id}/events?status=failed`)).body.items).toHaveLength(0);
    expect((await gw.api.get(`/api/v2/triggers/${t.id}/events?status=bogus`)).status).toBe(400);
  });

  it('stores the request without credentials', async () => {
    const t = await createTrigger(gw, { name: 'headers', action: 'event' });
    const posted = await postHook(gw, t.url, '{}', { headers: { authorization: 'Bearer abc', 'x-api-key': 'k', 'x-trace': 't1', cookie: 'c=1' } });
    const event = await settledEvent(gw, t.id, posted.body.id);
    const headers = event.headers as Record<string, string>;
    expect(headers['x-trace']).toBe('t1');
    expect(headers).not.toHaveProperty('authorization');
    expect(headers).not.toHaveProperty('x-api-key');
    expect(headers).not.toHaveProperty('cookie');
    expect(event.rawBody).toBe('{}');
  });
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateApiKey } from '../../src/domain/api-keys/key-format.ts';
import type { EventType } from '../../src/events/event-types.ts';
import { EVENTS_COLLECTION } from '../../src/events/events-repo.ts';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';
import { defaultOrgId } from '../webhooks/support/emit.ts';
import { exampleData } from '../webhooks/support/payloads.ts';
import { startReceiver, type Receiver } from '../webhooks/support/receiver.ts';
import { openStream, type TestStream } from './support/sse-client.ts';

let gw: TestGateway;
let server: Server;
let baseUrl: string;
let orgId: string;
let receiver: Receiver;
const open: TestStream[] = [];

beforeAll(async () => {
  gw = await startTestGateway({ env: { OG_EVENT_STREAM_HEARTBEAT_MS: '150', OG_EVENT_STREAMS_PER_ORG: '3' } });
  server = createServer(gw.callback as never);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  orgId = await defaultOrgId(gw);
  receiver = await startReceiver();
});
afterAll(async () => {
  for (const s of open) s.close();
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  await gw?.close();
  await receiver?.close();
});

const stream = async (opts: Parameters<typeof openStream>[2] = {}, key = gw.adminKey) => {
  const s = await openStream(baseUrl, key, opts);
  open.push(s);
  return s;
};
const emit = (type: EventType, org = orgId, orderingKey = `k:${randomUUID()}`) =>
  gw.gateway.services.outbox.record({ type, orgId: org, orderingKey, data: exampleData[type]() });
const ids = (s: TestStream) => s.messages.map((m) => m.id);

/** A key of a fresh organization (read scope). */
async function otherOrgKey() {
  const org = await gw.gateway.services.organizations.ensure(`other-${randomUUID().slice(0, 8)}`);
  const key = generateApiKey();
  await gw.gateway.services.apiKeys.ensureKey(org.id, key, 'stream-test', ['read']);
  return { orgId: org.id, key };
}

describe('GET /api/v2/events/stream', () => {
  it('streams the envelopes receivers get, in order, filtered by types, with heartbeats', async () => {
    const all = await stream();
    const sequenceOnly = await stream({ types: 'sequence.*' });
    expect(all.status).toBe(200);
    expect(String(all.headers['content-type'])).toMatch(/^text\/event-stream/);
    const sent = [];
    for (const type of ['sequence.message.sent', 'table.run.completed', 'sequence.reply.received', 'agent.run.completed'] as const) sent.push(await emit(type));
    await all.until(() => all.messages.length >= 4);
    expect(ids(all)).toEqual(sent.map((e) => e.id));
    expect(all.messages.map((m) => m.event)).toEqual(sent.map((e) => e.type));
    expect(all.messages.map((m) => m.key)).toEqual(sent.map((e) => e.orderingKey));
    const stored = await gw.api.get(`/api/v2/events/${sent[0].id}`);
    expect(all.messages[0].data).toBe(stored.text);
    await sequenceOnly.until(() => sequenceOnly.messages.length >= 2);
    expect(ids(sequenceOnly)).toEqual([sent[0].id, sent[2].id]);
    // Heartbeats are comment lines at the configured period while nothing else is sent.
    const before = all.comments.filter((c) => c === 'heartbeat').length;
    await all.until(() => all.comments.filter((c) => c === 'heartbeat').length >= before + 2, 5_000);
    all.close();
    sequenceOnly.close();
  });

  it('refuses an unknown type and a malformed Last-Event-ID in the error envelope', async () => {
    const bad = await stream({ types: 'sequence.*,nope.*' });
    expect(bad.status).toBe(400);
    expect(bad.error).toMatchObject({ code: 'VALIDATION_ERROR' });
    const malformed = await stream({ lastEventId: 'not-an-id' });
    expect(malformed.status).toBe(400);
    const unknown = await stream({ lastEventId: randomUUID() });
    expect(unknown.status).toBe(410);
    expect(unknown.error).toMatchObject({ code: 'LAST_EVENT_ID_UNKNOWN' });
  });

  it('resumes after Last-Event-ID when the server drops the connection, missing nothing', async () => {
    const first = await stream();
    const before = [];
    for (let i = 0; i < 5; i++) before.push(await emit('trigger.received'));
    await first.until(() => first.messages.length >= 5);
    server.closeAllConnections();
    await first.ended;
    const during = [];
    for (let i = 0; i < 5; i++) during.push(await emit('trigger.received'));
    const resumed = await stream({ lastEventId: first.messages.at(-1)!.id });
    expect(resumed.status).toBe(200);
    const after = [];
    for (let i = 0; i < 3; i++) after.push(await emit('trigger.received'));
    await resumed.until(() => resumed.messages.length >= 8);
    expect([...ids(first), ...ids(resumed)]).toEqual([...before, ...during, ...after].map((e) => e.id));
    resumed.close();
  });

  it('waits for an event committed after a later one, and is not held back by a duplicate relay', async () => {
    const s = await stream();
    const { events } = gw.gateway.services.outbox;
    // A writer that took its number but has not inserted yet (slow, or on another process).
    const e = gw.gateway.services.outbox.stage({ type: 'trigger.received', orgId, orderingKey: 'k:late', data: exampleData['trigger.received']() });
    const seq = await events.sequence.reserve(orgId, 1);
    const next = await emit('trigger.received');
    await new Promise((r) => setTimeout(r, 400));
    expect(ids(s)).toEqual([]);
    await events.collection.insertOne({
      _id: e.id,
      type: e.type,
      orgId,
      orderingKey: e.orderingKey,
      data: e.data,
      occurredAt: e.occurredAt,
      recordedAt: new Date(),
      fannedOutAt: new Date(),
      seq,
    });
    await s.until(() => s.messages.length >= 2);
    expect(ids(s)).toEqual([e.id, next.id]);
    // Recording an event again takes a number it does not use: marked, it stalls nothing.
    await events.insertMany([{ ...next }], new Date());
    const after = await emit('trigger.received');
    await s.until(() => s.messages.length >= 3, 3_000);
    expect(ids(s)).toEqual([e.id, next.id, after.id]);
    s.close();
  });

  it('bounds the streams an organization has open, and frees a slot when one closes', async () => {
    // Earlier streams of this file may still be closing: wait for a clean slate.
    const hub = gw.gateway.services.eventStreams;
    await waitFor(() => hub.openCount(orgId) === 0);
    const three = [await stream(), await stream(), await stream()];
    expect(three.map((s) => s.status)).toEqual([200, 200, 200]);
    const fourth = await stream();
    expect(fourth.status).toBe(429);
    expect(fourth.headers['retry-after']).toBeDefined();
    expect(fourth.error).toMatchObject({ code: 'STREAM_LIMIT_EXCEEDED', details: { limit: 3 } });
    // Another organization has its own bound.
    const other = await otherOrgKey();
    expect((await stream({}, other.key)).status).toBe(200);
    three[0].close();
    await waitFor(() => hub.openCount(orgId) === 2);
    expect((await stream()).status).toBe(200);
    for (const s of open) s.close();
    await waitFor(() => hub.openCount(orgId) === 0);
  });

  it('never shows one organization the events of another', async () => {
    const other = await otherOrgKey();
    const mine = await stream();
    const theirs = await stream({}, other.key);
    const a = await emit('trigger.received');
    const b = await emit('trigger.received', other.orgId);
    const c = await emit('trigger.received');
    await mine.until(() => mine.messages.length >= 2);
    await theirs.until(() => theirs.messages.length >= 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(ids(mine)).toEqual([a.id, c.id]);
    expect(ids(theirs)).toEqual([b.id]);
    // Another organization's event id is no place to resume from.
    const foreign = await stream({ lastEventId: a.id }, other.key);
    expect(foreign.status).toBe(410);
    mine.close();
    theirs.close();
  });

  it('delivers an event recorded by another gateway on the same database (no in-process wake-up reaches it)', async () => {
    const second = await startTestGateway({ dbName: gw.dbName, instanceName: 'second', env: { OG_BOOTSTRAP_KEY: gw.adminKey } });
    try {
      const s = await stream({ types: 'webhook.test' });
      const endpoint = await second.api.post('/api/v2/webhooks', { url: receiver.url, events: ['*'] });
      expect(endpoint.status).toBe(201);
      const tested = await second.api.post(`/api/v2/webhooks/${endpoint.body.id}/test`);
      expect(tested.status).toBeLessThan(300);
      await s.until(() => s.messages.length >= 1, 10_000);
      const recorded = await gw.db.collection(EVENTS_COLLECTION).findOne({ type: 'webhook.test', orgId });
      expect(s.messages[0].id).toBe(recorded?._id);
      s.close();
      // Stopping a gateway ends its streams at once (its HTTP server can then close).
      const secondServer = createServer(second.callback as never);
      await new Promise<void>((r) => secondServer.listen(0, '127.0.0.1', r));
      const onSecond = await openStream(`http://127.0.0.1:${(secondServer.address() as AddressInfo).port}`, gw.adminKey);
      expect(onSecond.status).toBe(200);
      const stopped = Date.now();
      await second.gateway.services.eventStreams.close();
      await onSecond.ended;
      expect(Date.now() - stopped).toBeLessThan(2_000);
      await new Promise((r) => secondServer.close(r));
    } finally {
      await second.close();
    }
  });
});

async function waitFor(pred: () => boolean, ms = 5_000) {
  const deadline = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error('condition not met');
    await new Promise((r) => setTimeout(r, 20));
  }
}

import { randomUUID } from 'node:crypto';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.ts';
import type { Clock } from '../../src/domain/shared/clock.ts';
import { EVENTS_COLLECTION, ensureEventRetention } from '../../src/events/events-repo.ts';
import type { EventType } from '../../src/events/event-types.ts';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';
import { defaultOrgId } from '../webhooks/support/emit.ts';
import { exampleData } from '../webhooks/support/payloads.ts';
import { startReceiver, type Receiver } from '../webhooks/support/receiver.ts';

const DAY = 86_400_000;

/** Real time plus an offset the test moves: the gateway's timers keep running while retention is crossed. */
function shiftableClock() {
  let offset = 0;
  const clock: Clock = { now: () => new Date(Date.now() + offset) };
  return { clock, advance: (ms: number) => void (offset += ms) };
}

let gw: TestGateway;
let orgId: string;
let receiver: Receiver;
const time = shiftableClock();

beforeAll(async () => {
  gw = await startTestGateway({ clock: time.clock, env: { OG_EVENT_RETENTION_DAYS: '3' } });
  orgId = await defaultOrgId(gw);
  receiver = await startReceiver();
});
afterAll(async () => {
  await gw.close();
  await receiver.close();
});

const emit = (type: EventType, orderingKey = `k:${randomUUID()}`, occurredAt?: Date) =>
  gw.gateway.services.outbox.record({ type, orgId, orderingKey, data: exampleData[type](), occurredAt });

type Envelope = { type: string; id: string; timestamp: string; data: unknown };
const ids = (items: Envelope[]) => items.map((e) => e.id);

/** Every page of a listing, following `nextCursor`; `between` runs after each page. */
async function allPages(query: string, between: () => Promise<unknown> = async () => {}) {
  const seen: Envelope[] = [];
  let url = `/api/v2/events?${query}`;
  for (let i = 0; i < 100; i++) {
    const res = await gw.api.get(url);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    seen.push(...res.body.items);
    if (!res.body.nextCursor) return seen;
    await between();
    url = `/api/v2/events?${query}&cursor=${encodeURIComponent(res.body.nextCursor)}`;
  }
  throw new Error('too many pages');
}

describe('events API', () => {
  it('lists newest first and filters by type with endpoint wildcards, ordering key and time', async () => {
    const key = `sequence:${randomUUID()}`;
    const sent = await emit('sequence.message.sent', key);
    const reply = await emit('sequence.reply.received', key);
    const requested = await emit('sequence.connection.requested');
    const table = await emit('table.run.completed');
    const list = await gw.api.get('/api/v2/events?limit=4');
    expect(list.body).toMatchObject({ object: 'list', url: '/api/v2/events' });
    expect(ids(list.body.items)).toEqual([table.id, requested.id, reply.id, sent.id]);

    const seq = await allPages(`orderingKey=${encodeURIComponent(key)}`);
    expect(ids(seq)).toEqual([reply.id, sent.id]);
    const wildcard = await allPages('type=sequence.*');
    expect(ids(wildcard).slice(0, 3)).toEqual([requested.id, reply.id, sent.id]);
    expect(wildcard.every((e) => e.type.startsWith('sequence.'))).toBe(true);
    const nested = await allPages('type=sequence.connection.*');
    expect(ids(nested)).toContain(requested.id);
    expect(nested.every((e) => e.type.startsWith('sequence.connection.'))).toBe(true);
    const exact = await allPages('type=table.run.completed');
    expect(exact.every((e) => e.type === 'table.run.completed')).toBe(true);
    expect(ids(exact)).toContain(table.id);
    expect((await allPages('type=*')).length).toBeGreaterThanOrEqual(4);

    const t0 = new Date(Date.now() - 10 * 60_000);
    const early = await emit('agent.run.completed', `agent_run:${randomUUID()}`, t0);
    const before = await allPages(`createdBefore=${new Date(t0.getTime() + 1).toISOString()}`);
    expect(ids(before)).toEqual([early.id]);
    const after = await allPages(`type=agent.*&createdAfter=${t0.toISOString()}`);
    expect(ids(after)).not.toContain(early.id);
    const window = await allPages(`createdAfter=${new Date(t0.getTime() - 1).toISOString()}&createdBefore=${new Date(t0.getTime() + 1).toISOString()}`);
    expect(ids(window)).toEqual([early.id]);
  });

  it('keeps paging stable while events are recorded between pages', async () => {
    const key = `table_run:${randomUUID()}`;
    const first: string[] = [];
    for (let i = 0; i < 7; i++) first.push((await emit('table.run.completed', key)).id);
    const added: string[] = [];
    const pages = await allPages(`orderingKey=${encodeURIComponent(key)}&limit=2`, async () => {
      added.push((await emit('table.run.completed', key)).id);
    });
    // Exactly the events present when paging began, each once, newest first.
    expect(ids(pages)).toEqual([...first].reverse());
    expect(added.length).toBe(3);
    expect(ids(await allPages(`orderingKey=${encodeURIComponent(key)}`))).toEqual([...first, ...added].reverse());
  });

  it('returns the exact bytes a webhook receiver got for the event', async () => {
    const endpoint = await gw.api.post('/api/v2/webhooks', { url: receiver.url, events: ['*'] });
    receiver.setSecrets([endpoint.body.secret]);
    const test = await gw.api.post(`/api/v2/webhooks/${endpoint.body.id}/test`);
    expect(test.status).toBe(202);
    const sent = await emit('sequence.message.sent');
    await receiver.until(() => receiver.received.some((r) => r.id === sent.id) && receiver.received.some((r) => r.payload.type === 'webhook.test'));
    for (const delivery of receiver.received) {
      expect(delivery.verifiedWith.length).toBe(1);
      const res = await supertest(gw.callback as never)
        .get(`/api/v2/events/${delivery.id}`)
        .set('authorization', `Bearer ${gw.adminKey}`)
        .buffer(true)
        .parse((r, done) => {
          let text = '';
          r.setEncoding('utf8');
          r.on('data', (c: string) => (text += c));
          r.on('end', () => done(null, text));
        });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toBe(delivery.body);
    }
    await gw.api.delete(`/api/v2/webhooks/${endpoint.body.id}`);
    const viaClient = await gw.api.get(`/api/v2/events/${sent.id}`);
    expect(viaClient.body).toEqual({ type: 'sequence.message.sent', id: sent.id, timestamp: sent.occurredAt.toISOString(), data: sent.data });
  });

  it("answers 404 for another organization's event and never lists it", async () => {
    const mine = await emit('trigger.received');
    const other = await gw.gateway.services.organizations.ensure(`events-other-${randomUUID()}`);
    const otherKey = (await gw.gateway.services.apiKeys.create(other.id, { name: 'reader', scopes: ['read'] })).key;
    const api = gw.api.withKey(otherKey);
    const got = await api.get(`/api/v2/events/${mine.id}`);
    expect(got.status).toBe(404);
    expect(got.body.code).toBe('EVENT_NOT_FOUND');
    const missing = await api.get(`/api/v2/events/${randomUUID()}`);
    expect({ status: missing.status, body: missing.body }).toEqual({ status: got.status, body: got.body });
    expect((await api.get('/api/v2/events')).body.items).toEqual([]);
    // A read key of the owner sees it.
    const readKey = (await gw.gateway.services.apiKeys.create(orgId, { name: 'reader', scopes: ['read'] })).key;
    expect((await gw.api.withKey(readKey).get(`/api/v2/events/${mine.id}`)).status).toBe(200);
  });

  it('refuses bad filters with a validation error', async () => {
    for (const q of ['type=sequence.nope', 'createdAfter=yesterday', 'cursor=garbage', 'limit=101', 'orderingKey=']) {
      const res = await gw.api.get(`/api/v2/events?${q}`);
      expect(res.status, q).toBe(400);
      expect(res.body.code, q).toBe('VALIDATION_ERROR');
    }
    expect((await gw.api.get('/api/v2/events/not-a-uuid')).status).toBe(400);
  });

  it('stops showing events past retention, whether or not the TTL monitor removed them yet', async () => {
    const old = await emit('agent.run.completed');
    expect((await gw.api.get(`/api/v2/events/${old.id}`)).status).toBe(200);
    time.advance(2 * DAY);
    expect((await gw.api.get(`/api/v2/events/${old.id}`)).status).toBe(200);
    const fresh = await emit('agent.run.completed');
    time.advance(DAY + 60_000);
    expect((await gw.api.get(`/api/v2/events/${old.id}`)).status).toBe(404);
    const listed = ids(await allPages('type=agent.*'));
    expect(listed).not.toContain(old.id);
    expect(listed).toContain(fresh.id);
  });

  it('keeps a TTL index matching OG_EVENT_RETENTION_DAYS, replaced at boot when it changes', async () => {
    const ttl = async () => (await gw.db.collection(EVENTS_COLLECTION).indexes()).find((i) => i.name === 'retention_ttl');
    expect(await ttl()).toMatchObject({ key: { recordedAt: 1 }, expireAfterSeconds: 3 * 86_400 });
    await ensureEventRetention(gw.db, 7 * 86_400);
    expect(await ttl()).toMatchObject({ key: { recordedAt: 1 }, expireAfterSeconds: 7 * 86_400 });
    await ensureEventRetention(gw.db, 3 * 86_400);
    expect((await ttl())?.expireAfterSeconds).toBe(3 * 86_400);
  });

  it('checks OG_EVENT_RETENTION_DAYS at boot', () => {
    expect(loadConfig({}).eventRetentionDays).toBe(30);
    for (const bad of ['0', 'ten', '1.5', '4000']) expect(() => loadConfig({ OG_EVENT_RETENTION_DAYS: bad }), bad).toThrow(ConfigError);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.ts';
import { isEmbedded, uniqueDbName } from '../support/mongo-uri.ts';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';
import { createTrigger, postHook, waitFor } from './support.ts';

// Stored inbound bodies are not kept forever: a TTL index on receivedAt, its lifetime
// from OG_TRIGGER_EVENT_RETENTION_DAYS (checked at boot), re-made when it changes.

const DAY = 86_400;

describe('OG_TRIGGER_EVENT_RETENTION_DAYS', () => {
  it('defaults to 30 days and refuses values outside 1..3650 at boot', () => {
    expect(loadConfig({}).triggerEventRetentionDays).toBe(30);
    expect(loadConfig({ OG_TRIGGER_EVENT_RETENTION_DAYS: '7' }).triggerEventRetentionDays).toBe(7);
    for (const bad of ['0', '-3', '1.5', 'forever', '3651']) {
      expect(() => loadConfig({ OG_TRIGGER_EVENT_RETENTION_DAYS: bad })).toThrow(ConfigError);
      expect(() => loadConfig({ OG_TRIGGER_EVENT_RETENTION_DAYS: bad })).toThrow(/OG_TRIGGER_EVENT_RETENTION_DAYS/);
    }
  });
});

describe('stored trigger events expire', () => {
  let gw: TestGateway;
  const dbName = uniqueDbName('ret');
  beforeAll(async () => {
    gw = await startTestGateway({ dbName, env: { OG_TRIGGER_EVENT_RETENTION_DAYS: '3' } });
  });
  afterAll(() => gw.close());

  const ttlOf = async (db: TestGateway['db']) => {
    const indexes = await db.collection('trigger_events').listIndexes().toArray();
    return indexes.find((i) => i.key?.receivedAt === 1 && i.expireAfterSeconds !== undefined);
  };

  it('keeps events for the configured days, with an index on receivedAt', async () => {
    const index = await ttlOf(gw.db);
    expect(index?.expireAfterSeconds).toBe(3 * DAY);
  });

  it('re-makes the index when the retention changes, keeping the data', async () => {
    const t = await createTrigger(gw, { name: 'keep', action: 'event' });
    const posted = await postHook(gw, t.url, '{"n":1}');
    expect(posted.status).toBe(202);
    const other = await startTestGateway({ dbName, env: { OG_TRIGGER_EVENT_RETENTION_DAYS: '10', OG_BOOTSTRAP_KEY: gw.adminKey } });
    try {
      expect((await ttlOf(other.db))?.expireAfterSeconds).toBe(10 * DAY);
      expect((await other.api.get(`/api/v2/triggers/${t.id}/events/${posted.body.id}`)).status).toBe(200);
    } finally {
      await other.close();
    }
  });

  it.runIf(isEmbedded())('removes an event once it is older than the retention', async () => {
    // The database's TTL monitor runs every 250 ms under the test server.
    const t = await createTrigger(gw, { name: 'expire', action: 'event' });
    const old = await postHook(gw, t.url, '{"old":true}');
    const fresh = await postHook(gw, t.url, '{"fresh":true}');
    await gw.db.collection('trigger_events').updateOne({ _id: old.body.id }, { $set: { receivedAt: new Date(Date.now() - 11 * DAY * 1000) } });
    await waitFor(async () => (await gw.db.collection('trigger_events').countDocuments({ _id: old.body.id })) === 0, 20_000);
    expect((await gw.api.get(`/api/v2/triggers/${t.id}/events/${old.body.id}`)).status).toBe(404);
    expect((await gw.api.get(`/api/v2/triggers/${t.id}/events/${fresh.body.id}`)).status).toBe(200);
  });
});

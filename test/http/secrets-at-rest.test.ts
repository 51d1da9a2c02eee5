import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import type { Db, Document } from 'mongodb';
import { resealSecrets } from '../../src/storage/encryption/reseal-sweep.ts';
import { ALL_SEALED, SEALED_FIELDS, secretSlots } from '../../src/storage/encryption/sealed-fields.ts';
import { createSecretBox, keyIdOf, type SecretBox } from '../../src/storage/encryption/secret-box.ts';
import { TEST_ENCRYPTION_KEY } from '../support/encryption-key.ts';
import { createOneOfEachSecret, type CreatedSecrets } from '../support/secret-fixtures.ts';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';

// Raw documents, read with the driver: what a copy of the database files would show.

const silent = pino({ level: 'silent' });
const testKey = Buffer.from(TEST_ENCRYPTION_KEY, 'base64');
const newKey = Buffer.alloc(32, 0x33);

let gw: TestGateway;
let created: CreatedSecrets;
beforeAll(async () => {
  gw = await startTestGateway();
  created = await createOneOfEachSecret(gw.api, 'rest', 'http://127.0.0.1:9');
});
afterAll(() => gw?.close());

async function rawSlots(db: Db) {
  const slots: { collection: string; id: unknown; path: string; context: string; value: string }[] = [];
  for (const spec of ALL_SEALED) {
    for (const doc of await db
      .collection(spec.collection)
      .find(spec.filter ?? {})
      .toArray()) {
      for (const slot of secretSlots(spec, doc)) slots.push({ collection: spec.collection, id: doc._id, ...slot });
    }
  }
  return slots;
}

async function everyRawDocument(db: Db): Promise<string> {
  const out: Document[] = [];
  for (const { name } of await db.listCollections({}, { nameOnly: true }).toArray()) out.push(...(await db.collection(name).find({}).toArray()));
  return JSON.stringify(out);
}

const openAll = (box: SecretBox, slots: Awaited<ReturnType<typeof rawSlots>>) => slots.map((s) => box.open(s.value, s.context)).sort();

describe('secrets at rest', () => {
  it('stores every recoverable secret sealed under the key id of OG_ENCRYPTION_KEY, and no plaintext anywhere', async () => {
    const slots = await rawSlots(gw.db);
    // endpoint (current + previous + custom headers), worker, smtp pass, http secret, 2 triggers, column, URL key
    expect(slots.length).toBe(10);
    for (const slot of slots) expect(slot.value.startsWith(`ogenc:v1:${keyIdOf(testKey)}:`), `${slot.context}`).toBe(true);
    const box = createSecretBox({ key: testKey });
    const opened = openAll(box, slots);
    for (const name of ['webhookPrevious', 'webhookCurrent', 'worker', 'smtpPass', 'httpSender', 'hmacTrigger', 'swTrigger', 'column']) {
      expect(opened).toContain(created.values[name]);
    }
    expect(opened).toContain(JSON.stringify({ Authorization: `Bearer ${created.values.headerToken}` }));
    const everything = await everyRawDocument(gw.db);
    for (const [name, value] of Object.entries(created.values)) expect(everything.includes(value), name).toBe(false);
  });

  it('migrates plaintext left by an older version, and the API reads it before and after', async () => {
    const endpoints = gw.db.collection(SEALED_FIELDS.webhookEndpoints.collection);
    const legacy = 'whsec_bGVnYWN5LXBsYWludGV4dC1zZWNyZXQ=';
    const legacyHeaders = { Authorization: 'Bearer legacy-header-token', 'X.Tenant': 'acme' };
    await endpoints.updateOne(
      { _id: created.ids.endpoint as never },
      { $set: { secret: legacy, secretLast4: legacy.slice(-4), previousSecret: null, headers: legacyHeaders } },
    );
    await gw.db.collection('senders').updateOne({ _id: created.ids.smtpSender as never }, { $set: { 'smtp.auth.pass': 'legacy-smtp-pass' } });
    await gw.db.collection('tables').updateOne({ _id: created.ids.table as never }, { $set: { 'columns.1.enrichment.secret': 'whsec_bGVnYWN5LWNvbHVtbg==' } });
    expect((await gw.api.get(`/api/v2/webhooks/${created.ids.endpoint}`)).body).toMatchObject({ secretLast4: legacy.slice(-4), headers: legacyHeaders });

    const result = await resealSecrets({ db: gw.db, secrets: gw.gateway.services.secrets, logger: silent });
    expect(result).toEqual({ resealed: 3, unreadable: 0 });
    const slots = await rawSlots(gw.db);
    expect(slots.every((s) => gw.gateway.services.secrets.isCurrent(s.value))).toBe(true);
    expect(openAll(createSecretBox({ key: testKey }), slots)).toEqual(expect.arrayContaining([legacy, 'legacy-smtp-pass', 'whsec_bGVnYWN5LWNvbHVtbg==']));
    const everything = await everyRawDocument(gw.db);
    expect(everything).not.toContain(legacy);
    expect(everything).not.toContain('legacy-smtp-pass');
    expect(everything).not.toContain('legacy-header-token');
    expect((await gw.api.get(`/api/v2/webhooks/${created.ids.endpoint}`)).body).toMatchObject({ secretLast4: legacy.slice(-4), headers: legacyHeaders });
    // Idempotent: nothing left to do.
    expect(await resealSecrets({ db: gw.db, secrets: gw.gateway.services.secrets, logger: silent })).toEqual({ resealed: 0, unreadable: 0 });
  });

  it('seals each plaintext value exactly once when several processes sweep at once', async () => {
    await gw.db.collection('agent_workers').updateOne({ _id: created.ids.worker as never }, { $set: { secret: 'whsec_cmFjZS1vbmNl' } });
    const sweeps = await Promise.all(
      Array.from({ length: 4 }, () => resealSecrets({ db: gw.db, secrets: gw.gateway.services.secrets, logger: silent, batchSize: 2 })),
    );
    expect(sweeps.reduce((sum, r) => sum + r.resealed, 0)).toBe(1);
    const worker = await gw.db.collection('agent_workers').findOne({ _id: created.ids.worker as never });
    expect(createSecretBox({ key: testKey }).open(worker!.secret, 'agent_workers.secret')).toBe('whsec_cmFjZS1vbmNl');
  });

  it('re-seals under a new OG_ENCRYPTION_KEY in the background, opening old values with OG_ENCRYPTION_PREVIOUS_KEYS', async () => {
    const before = openAll(createSecretBox({ key: testKey }), await rawSlots(gw.db));
    await gw.close();
    const rotated = await startTestGateway({
      dbName: gw.dbName,
      env: { OG_ENCRYPTION_KEY: newKey.toString('base64'), OG_ENCRYPTION_PREVIOUS_KEYS: TEST_ENCRYPTION_KEY },
    });
    gw = rotated;
    // Old values open at once, before the sweep is done.
    expect((await rotated.api.get(`/api/v2/agent-workers/${created.ids.worker}`)).status).toBe(200);
    const result = await rotated.gateway.resealed();
    // One write per document: endpoint, worker, two senders, two triggers, table, URL key.
    expect(result).toEqual({ resealed: 8, unreadable: 0 });
    const slots = await rawSlots(rotated.db);
    for (const slot of slots) expect(slot.value.startsWith(`ogenc:v1:${keyIdOf(newKey)}:`), slot.context).toBe(true);
    expect(openAll(createSecretBox({ key: newKey }), slots)).toEqual(before);
    expect(() => openAll(createSecretBox({ key: testKey }), slots)).toThrow(/neither OG_ENCRYPTION_KEY/);
    expect((await rotated.api.get(`/api/v2/webhooks/${created.ids.endpoint}`)).status).toBe(200);
  });
});

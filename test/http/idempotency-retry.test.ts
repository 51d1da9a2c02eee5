import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIdempotencyRepo } from '../../src/storage/repositories/idempotency-repo.ts';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';

// A create answered 503 whose write took effect (an unknown outcome) is retried by the
// client with the same Idempotency-Key. The store is left in exactly that state: the
// resource is stored and the claim was released without a recorded answer.

let gw: TestGateway;
let orgId: string;
beforeAll(async () => {
  gw = await startTestGateway();
  orgId = (await gw.gateway.services.organizations.ensure('default')).id;
});
afterAll(() => gw.close());

const key = () => `retry-${Math.random().toString(36).slice(2)}`;

// The claim as it was while the first attempt ran, then released the way a 5xx answer
// releases it.
async function loseAnswer(k: string) {
  const _id = `${orgId}:${createHash('sha256').update(k).digest('hex')}`;
  const res = await gw.db.collection<{ _id: string }>('idempotency_keys').updateOne({ _id }, { $set: { status: 'in_flight' }, $unset: { response: '' } });
  expect(res.modifiedCount).toBe(1);
  await createIdempotencyRepo(gw.db).abandon(orgId, k);
}

const creates: { name: string; path: string; body: () => unknown; list: string; secrets: string[] }[] = [
  { name: 'webhook', path: '/api/v2/webhooks', body: () => ({ url: 'http://127.0.0.1:9/hook', events: ['*'] }), list: '/api/v2/webhooks', secrets: ['secret'] },
  { name: 'api key', path: '/api/v2/api-keys', body: () => ({ name: 'retried', scopes: ['read'] }), list: '/api/v2/api-keys', secrets: ['key'] },
  { name: 'table', path: '/api/v2/tables', body: () => ({ name: 'retried table' }), list: '/api/v2/tables', secrets: [] },
  { name: 'trigger', path: '/api/v2/triggers', body: () => ({ name: 'retried trigger', action: 'event' }), list: '/api/v2/triggers', secrets: ['url'] },
];

describe('a create retried after an answer that was lost', () => {
  for (const c of creates) {
    it(`answers the ${c.name} the first attempt stored, once`, async () => {
      const k = key();
      const before = (await gw.api.get(`${c.list}?limit=100`)).body.items.length;
      const first = await gw.api.post(c.path, c.body(), { headers: { 'idempotency-key': k } });
      expect(first.status).toBe(201);
      await loseAnswer(k);
      const retry = await gw.api.post(c.path, c.body(), { headers: { 'idempotency-key': k } });
      expect(retry.status).toBe(201);
      expect(retry.headers['idempotency-replay']).toBeUndefined();
      expect(retry.body.id).toBe(first.body.id);
      const shown = { ...first.body };
      for (const s of c.secrets) {
        expect(retry.body[s]).toBeUndefined();
        delete shown[s];
      }
      expect(retry.body).toEqual(shown);
      const after = (await gw.api.get(`${c.list}?limit=100`)).body.items;
      expect(after.length).toBe(before + 1);
      // Answered once more, now from the record.
      const replay = await gw.api.post(c.path, c.body(), { headers: { 'idempotency-key': k } });
      expect(replay.headers['idempotency-replay']).toBe('true');
      expect(replay.body.id).toBe(first.body.id);
    });
  }

  it('answers the column and the upsert receipt the first attempt stored, once', async () => {
    const { body: table } = await gw.api.post('/api/v2/tables', { name: 'retried rows', columns: [{ name: 'email', kind: 'input' }] });
    const column = { name: 'plan', kind: 'input' };
    const k1 = key();
    const first = await gw.api.post(`/api/v2/tables/${table.id}/columns`, column, { headers: { 'idempotency-key': k1 } });
    expect(first.status).toBe(201);
    await loseAnswer(k1);
    const retry = await gw.api.post(`/api/v2/tables/${table.id}/columns`, column, { headers: { 'idempotency-key': k1 } });
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(first.body.id);
    expect((await gw.api.get(`/api/v2/tables/${table.id}/columns`)).body.items.map((c: { name: string }) => c.name)).toEqual(['email', 'plan']);

    const upsert = {
      rows: [
        { email: 'a@example.org', plan: 'pro' },
        { email: 'b@example.org', plan: 'free' },
      ],
      matchColumns: ['email'],
      enrich: false,
    };
    const k2 = key();
    const stored = await gw.api.post(`/api/v2/tables/${table.id}/rows/upsert`, upsert, { headers: { 'idempotency-key': k2 } });
    expect(stored.status).toBe(201);
    await loseAnswer(k2);
    const again = await gw.api.post(`/api/v2/tables/${table.id}/rows/upsert`, upsert, { headers: { 'idempotency-key': k2 } });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(stored.body);
    expect((await gw.api.get(`/api/v2/tables/${table.id}/rows`)).body.items).toHaveLength(2);
  });

  it('answers the campaign draft the first attempt stored, with its sequences once', async () => {
    const { body: table } = await gw.api.post('/api/v2/tables', { name: 'retried campaign', columns: [{ name: 'email', slug: 'email', kind: 'input' }] });
    await gw.api.post(`/api/v2/tables/${table.id}/rows/upsert`, {
      rows: [{ email: 'a@example.org' }, { email: 'b@example.org' }],
      matchColumns: ['email'],
      enrich: false,
    });
    const draft = { name: 'Retried', recipientColumn: 'email', steps: [{ channel: 'email', subject: 'Hi', body: 'Hello' }] };
    const k = key();
    const first = await gw.api.post(`/api/v2/tables/${table.id}/campaigns`, draft, { headers: { 'idempotency-key': k } });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    await loseAnswer(k);
    const retry = await gw.api.post(`/api/v2/tables/${table.id}/campaigns`, draft, { headers: { 'idempotency-key': k } });
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect((await gw.api.get(`/api/v2/tables/${table.id}/sequences?limit=100`)).body.items).toHaveLength(2);
    const columns = (await gw.api.get(`/api/v2/tables/${table.id}/columns`)).body.items as { kind: string }[];
    expect(columns.filter((c) => c.kind === 'sequence')).toHaveLength(1);
  });

  it('keeps the key bound to its request after a 5xx: another body is a 409', async () => {
    const k = key();
    const first = await gw.api.post('/api/v2/tables', { name: 'bound' }, { headers: { 'idempotency-key': k } });
    expect(first.status).toBe(201);
    await loseAnswer(k);
    const other = await gw.api.post('/api/v2/tables', { name: 'another' }, { headers: { 'idempotency-key': k } });
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('IDEMPOTENCY_ERROR');
  });
});

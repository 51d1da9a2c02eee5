import { createHmac, randomUUID } from 'node:crypto';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTriggerSecret } from '../../src/triggers/server-secret.ts';
import { createTriggerTokens } from '../../src/triggers/token.ts';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';
import { createTrigger, hookPath, postHook, settledEvent } from './support.ts';

let gw: TestGateway;
let server: Server;
let base: string;

beforeAll(async () => {
  gw = await startTestGateway();
  server = createServer(gw.callback as never);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server?.close(r));
  await gw?.close();
});

const schema = { type: 'object', required: ['email'], properties: { email: { type: 'string', format: 'email' }, n: { type: 'integer' } } };

async function triggerEvents(triggerId: string, status?: string) {
  const res = await gw.api.get(`/api/v2/triggers/${triggerId}/events${status ? `?status=${status}` : ''}`);
  expect(res.status).toBe(200);
  return res.body.items as { id: string; status: string; duplicateOf: string | null }[];
}

describe('the trigger URL rejects what it must', () => {
  it('answers the same 404 for forged, altered, unknown-trigger and other-secret tokens', async () => {
    const t = await createTrigger(gw, { name: 'tokens', action: 'event' });
    const token = hookPath(t.url).split('/').pop()!;
    const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
    const secret = await loadTriggerSecret(gw.db, null, gw.gateway.services.secrets);
    const unknown = createTriggerTokens(secret).issue({ orgId: randomUUID(), triggerId: randomUUID(), nonce: '0011223344556677' });
    const otherSecret = createTriggerTokens(Buffer.alloc(32, 7)).issue({ orgId: randomUUID(), triggerId: t.id, nonce: '0011223344556677' });
    const bodies = [];
    for (const candidate of ['nope', 'x'.repeat(75), flip(token, 3), flip(token, token.length - 2), token.slice(0, -1), `${token}A`, unknown, otherSecret]) {
      const res = await postHook(gw, `http://x/hooks/${candidate}`, '{}');
      expect(res.status, candidate).toBe(404);
      bodies.push(res.body);
    }
    expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1);
    expect(await triggerEvents(t.id)).toHaveLength(0);
    expect((await postHook(gw, t.url, '{}')).status).toBe(202);
  });

  it('answers 413 past 256 KB, declared or streamed, before reading the rest', async () => {
    const t = await createTrigger(gw, { name: 'size', action: 'event' });
    const big = JSON.stringify({ pad: 'x'.repeat(300 * 1024) });
    expect((await postHook(gw, t.url, big)).status).toBe(413);
    // Chunked (no Content-Length): cut off once the limit is passed.
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${base}${hookPath(t.url)}`, { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      for (let i = 0; i < 40; i++) req.write('x'.repeat(10 * 1024));
      req.end();
    });
    expect(status).toBe(413);
    const exactly = JSON.stringify({ pad: 'y'.repeat(256 * 1024 - 10) });
    expect(Buffer.byteLength(exactly)).toBe(256 * 1024);
    expect((await postHook(gw, t.url, exactly)).status).toBe(202);
  });

  it.each(['text/plain', 'application/xml', 'multipart/form-data; boundary=x'])('answers 415 to %s', async (type) => {
    const t = await createTrigger(gw, { name: 'types', action: 'event' });
    const res = await postHook(gw, t.url, '{"a":1}', { contentType: type });
    expect(res.status).toBe(415);
  });

  it('verifies Standard Webhooks signatures (the standardwebhooks signer) over the raw body', async () => {
    const t = await createTrigger(gw, { name: 'sw', action: 'event', verification: { type: 'standard-webhooks' } });
    const signer = new Webhook(t.secret!);
    const body = '{"email":"a@example.test",  "n": 1}';
    const id = `msg_${randomUUID()}`;
    const now = new Date();
    const headers = { 'webhook-id': id, 'webhook-timestamp': String(Math.floor(now.getTime() / 1000)), 'webhook-signature': signer.sign(id, now, body) };
    expect((await postHook(gw, t.url, body, { headers })).status).toBe(202);
    // The same bytes re-serialized, a tampered body, a stale timestamp, no signature: 401.
    expect((await postHook(gw, t.url, JSON.stringify(JSON.parse(body)), { headers: { ...headers, 'webhook-id': 'other' } })).status).toBe(401);
    expect((await postHook(gw, t.url, body.replace('1', '2'), { headers })).status).toBe(401);
    const old = new Date(now.getTime() - 3600_000);
    const stale = { 'webhook-id': id, 'webhook-timestamp': String(Math.floor(old.getTime() / 1000)), 'webhook-signature': signer.sign(id, old, body) };
    expect((await postHook(gw, t.url, body, { headers: stale })).status).toBe(401);
    const res = await postHook(gw, t.url, body);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('UNAUTHORIZED');
  });

  it.each([
    ['hex', 'sha256=', 'x-hub-signature-256', 'sha256'],
    ['base64', '', 'x-shopify-hmac-sha256', 'sha256'],
    ['hex', 'sha1=', 'x-hub-signature', 'sha1'],
  ] as const)('verifies an HMAC header (%s, prefix %j, %s)', async (encoding, prefix, header, algorithm) => {
    const secret = 'It is a secret to everybody';
    const t = await createTrigger(gw, { name: 'gh', action: 'event', verification: { type: 'hmac', header, algorithm, encoding, prefix, secret } });
    const body = '{"action":"opened","number":7}';
    const sig = `${prefix}${createHmac(algorithm, secret).update(body).digest(encoding)}`;
    expect((await postHook(gw, t.url, body, { headers: { [header]: sig } })).status).toBe(202);
    const wrong = `${prefix}${createHmac(algorithm, 'another secret').update(body).digest(encoding)}`;
    expect((await postHook(gw, t.url, body, { headers: { [header]: wrong } })).status).toBe(401);
    expect((await postHook(gw, t.url, `${body} `, { headers: { [header]: sig } })).status).toBe(401);
    expect((await postHook(gw, t.url, body)).status).toBe(401);
  });

  it('checks the signature before the schema, and the schema with ajv errors in details (422)', async () => {
    const secret = 'shared-secret-123';
    const t = await createTrigger(gw, {
      name: 'schema',
      action: 'event',
      schema,
      verification: { type: 'hmac', header: 'x-sig', algorithm: 'sha256', encoding: 'hex', secret },
    });
    const bad = '{"email":"not-an-email","n":"x"}';
    expect((await postHook(gw, t.url, bad)).status).toBe(401);
    const res = await postHook(gw, t.url, bad, { headers: { 'x-sig': createHmac('sha256', secret).update(bad).digest('hex') } });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('VALIDATION_ERROR');
    const keywords = (res.body.details.errors as { keyword: string; instancePath: string }[]).map((e) => `${e.instancePath}:${e.keyword}`);
    expect(keywords.sort()).toEqual(['/email:format', '/n:type']);
    expect(await triggerEvents(t.id)).toHaveLength(0);
  });

  it('takes form posts, validated with the same schema', async () => {
    const t = await createTrigger(gw, { name: 'form', action: 'event', schema: { type: 'object', required: ['from', 'text'] } });
    const ok = await postHook(gw, t.url, 'from=a%40example.test&text=Hello+there&to=x&to=y', { contentType: 'application/x-www-form-urlencoded' });
    expect(ok.status).toBe(202);
    const event = await settledEvent(gw, t.id, ok.body.id);
    expect(event.body).toEqual({ from: 'a@example.test', text: 'Hello there', to: ['x', 'y'] });
    const bad = await postHook(gw, t.url, 'from=a', { contentType: 'application/x-www-form-urlencoded' });
    expect(bad.status).toBe(422);
  });
});

describe('dedup', () => {
  it.each([
    ['webhook-id', (k: string) => ({ headers: { 'webhook-id': k } }), undefined],
    ['Idempotency-Key', (k: string) => ({ headers: { 'idempotency-key': k } }), undefined],
    ['the configured pointer', (_k: string) => ({}), '/delivery/id'],
  ])('answers a duplicate by %s with 200 and the original id, with no second effect', async (_label, opts, dedupPointer) => {
    const t = await createTrigger(gw, { name: 'dedup', action: 'event', ...(dedupPointer ? { dedupPointer } : {}) });
    const key = randomUUID();
    const body = JSON.stringify({ delivery: { id: key }, v: 1 });
    const first = await postHook(gw, t.url, body, opts(key));
    expect(first.status).toBe(202);
    const second = await postHook(gw, t.url, body, opts(key));
    expect(second.status).toBe(200);
    expect(second.body).toEqual({ id: first.body.id, duplicate: true });
    const other = await postHook(gw, t.url, JSON.stringify({ delivery: { id: randomUUID() } }), opts(randomUUID()));
    expect(other.status).toBe(202);
    await settledEvent(gw, t.id, first.body.id);
    await settledEvent(gw, t.id, other.body.id);
    const dups = await triggerEvents(t.id, 'duplicate');
    expect(dups.map((d) => d.duplicateOf)).toEqual([first.body.id]);
    expect(await triggerEvents(t.id, 'processed')).toHaveLength(2);
    const effects = await gw.db.collection('events').countDocuments({ type: 'trigger.received', 'data.triggerId': t.id });
    expect(effects).toBe(2);
  });

  it('answers concurrent duplicates with exactly one 202', async () => {
    const t = await createTrigger(gw, { name: 'race', action: 'event' });
    const key = randomUUID();
    const results = await Promise.all(Array.from({ length: 8 }, () => postHook(gw, t.url, '{}', { headers: { 'webhook-id': key } })));
    expect(results.filter((r) => r.status === 202)).toHaveLength(1);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
  });
});

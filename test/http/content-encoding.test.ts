import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';
import { createTrigger, postHook } from '../triggers/support.ts';

// A compressed request body is decoded, and the body limit applies to what it decodes
// to (a bound against compression bombs); codings the gateway does not know are 415.

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway({ env: { OG_BODY_LIMIT_BYTES: '65536' } });
});
afterAll(() => gw.close());

const table = (name: string) => Buffer.from(JSON.stringify({ name, columns: [{ name: 'a', kind: 'input' }] }));
const post = (raw: Buffer, encoding: string) =>
  gw.api.post('/api/v2/tables', undefined, { raw, headers: { 'content-type': 'application/json', 'content-encoding': encoding } });

describe('Content-Encoding on a request', () => {
  it.each([
    ['gzip', gzipSync],
    ['deflate', deflateSync],
    ['br', brotliCompressSync],
    ['GZip, identity', gzipSync],
  ])('decodes %s', async (encoding, compress) => {
    const res = await post(compress(table(`enc ${encoding}`)), encoding);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.name).toBe(`enc ${encoding}`);
  });

  it('applies the body limit after decompression, refusing a bomb with 413', async () => {
    // 48 MB of one JSON string compresses to under 64 KB, well within the limit as sent.
    const bomb = gzipSync(Buffer.concat([Buffer.from('{"name":"'), Buffer.alloc(48 * 1024 * 1024, 0x61), Buffer.from('","columns":[]}')]));
    expect(bomb.length).toBeLessThan(65_536);
    const before = (await gw.api.get('/api/v2/tables?limit=100')).body.items.length;
    const res = await post(bomb, 'gzip');
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
    expect((await gw.api.get('/api/v2/tables?limit=100')).body.items.length).toBe(before);
    // Just under the limit once decoded is fine.
    const name = 'b'.repeat(60_000);
    const ok = await post(gzipSync(table(name)), 'gzip');
    expect(ok.status, JSON.stringify(ok.body).slice(0, 200)).not.toBe(413);
  });

  it('refuses unknown or stacked codings with 415 and undecodable bytes with 400', async () => {
    for (const encoding of ['compress', 'zstd', 'gzip, br']) {
      const res = await post(gzipSync(table('x')), encoding);
      expect(res.status).toBe(415);
      expect(res.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    }
    const bad = await post(Buffer.from('{"name":"not gzip at all"}'), 'gzip');
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_ERROR');
  });

  it('decodes a compressed trigger post and stores the decoded body', async () => {
    const t = await createTrigger(gw, { name: 'gz', action: 'event' });
    const res = await postHook(gw, t.url, gzipSync(Buffer.from('{"hello":"world"}')), { headers: { 'content-encoding': 'gzip' } });
    expect(res.status).toBe(202);
    const event = await gw.api.get(`/api/v2/triggers/${t.id}/events/${res.body.id}`);
    expect(event.body.body).toEqual({ hello: 'world' });
  });
});

import fc from 'fast-check';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';
import { createTrigger, hookPath, waitFor } from './support.ts';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(async () => gw?.close());

const headerName = fc.stringMatching(/^x-[a-z0-9-]{1,20}$/);
const headerValue = fc.stringMatching(/^[\x20-\x7e]{0,40}$/);
const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'application/x-www-form-urlencoded',
  'text/plain',
  'application/octet-stream',
  'application/vnd.api+json',
  'multipart/form-data; boundary=zz',
);
const body = fc.oneof(
  fc.json(),
  fc.string(),
  fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 })).map((d) => new URLSearchParams(d).toString()),
);

describe('fuzzing the inbound URL', () => {
  it('never answers 5xx and accepts nothing without a valid token', async () => {
    const t = await createTrigger(gw, {
      name: 'fuzz',
      action: 'event',
      schema: { type: 'object', properties: { n: { type: 'integer' } } },
    });
    const token = hookPath(t.url).split('/').pop()!;
    const tokenArb = fc.oneof(
      { weight: 2, arbitrary: fc.constant(token) },
      { weight: 3, arbitrary: fc.tuple(fc.nat(token.length - 1), fc.constantFrom(...'AZaz09_-')).map(([i, c]) => token.slice(0, i) + c + token.slice(i + 1)) },
      { weight: 2, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{1,120}$/) },
      { weight: 1, arbitrary: fc.string({ maxLength: 80 }).map(encodeURIComponent) },
    );
    let acceptedWithValidToken = 0;
    const acceptedIds = new Set<string>();
    await fc.assert(
      fc.asyncProperty(tokenArb, body, contentType, fc.dictionary(headerName, headerValue, { maxKeys: 4 }), async (tok, payload, type, headers) => {
        let req = supertest(gw.callback as never)
          .post(`/hooks/${tok}`)
          .set('content-type', type);
        for (const [k, v] of Object.entries(headers)) req = req.set(k, v);
        const res = await req.send(typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : JSON.stringify(payload));
        expect(res.status).toBeLessThan(500);
        if (tok !== token) expect([400, 404, 413, 415]).toContain(res.status);
        if (res.status === 202) {
          expect(tok).toBe(token);
          acceptedWithValidToken += 1;
          acceptedIds.add(res.body.id);
        }
      }),
      { numRuns: 200 },
    );
    // Every stored request came in with the real token, and only those get processed.
    const stored = await gw.db
      .collection('trigger_events')
      .find({ status: { $ne: 'duplicate' } })
      .toArray();
    expect(stored.map((d) => d._id).sort()).toEqual([...acceptedIds].sort());
    expect(stored.length).toBe(acceptedWithValidToken);
    // Settled: nothing waits to be processed, and no processed event still holds its
    // outbound event staged (it is marked processed first and relayed just after).
    const events = gw.db.collection('trigger_events');
    await waitFor(async () => (await events.countDocuments({ $or: [{ status: 'received' }, { '_outbox.id': { $gt: '' } }] })) === 0);
    const effects = await gw.db.collection('events').countDocuments({ type: 'trigger.received' });
    expect(effects).toBe(acceptedWithValidToken);
  }, 60_000);
});

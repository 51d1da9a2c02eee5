import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';
import { createLeadsTable, upsertPath } from '../tables/helpers.ts';
import { createTrigger, postHook } from '../triggers/support.ts';

// Text that would not be stored as sent (invalid UTF-8, lone surrogates) is the
// client's error: refused, named, and nothing stored.

let gw: TestGateway;
let orgId: string;
beforeAll(async () => {
  gw = await startTestGateway();
  orgId = (await gw.gateway.services.organizations.ensure('default')).id;
});
afterAll(() => gw.close());

const json = { 'content-type': 'application/json' };
const tableCount = async () => (await gw.api.get('/api/v2/tables?limit=100')).body.items.length as number;

describe('bad bytes in API bodies', () => {
  it('refuses invalid UTF-8 with the byte offset and stores nothing', async () => {
    const before = await tableCount();
    const head = Buffer.from('{"name":"caf');
    for (const bad of [[0xff], [0xc3], [0xed, 0xa0, 0x80], [0xc0, 0xaf]]) {
      const raw = Buffer.concat([head, Buffer.from(bad), Buffer.from('","columns":[{"name":"a","kind":"input"}]}')]);
      const res = await gw.api.post('/api/v2/tables', undefined, { raw, headers: json });
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.code).toBe('VALIDATION_ERROR');
      expect(res.body.details.offset).toBe(head.length);
      expect(res.body.error).toContain(`byte offset ${head.length}`);
    }
    expect(await tableCount()).toBe(before);
  });

  it('refuses a lone surrogate escape naming the field, in values and member names', async () => {
    const before = await tableCount();
    const cases: [string, string][] = [
      ['{"name":"x\\ud800","columns":[{"name":"a","kind":"input"}]}', '/name'],
      ['{"name":"ok","columns":[{"name":"a","kind":"input"},{"name":"\\udc00b","kind":"input"}]}', '/columns/1/name'],
      ['{"name":"ok","columns":[{"name":"a","kind":"input","\\udbff":1}]}', '/columns/0/\ufffd'],
    ];
    for (const [raw, pointer] of cases) {
      const res = await gw.api.post('/api/v2/tables', undefined, { raw, headers: json });
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.code).toBe('VALIDATION_ERROR');
      expect(res.body.details.issues[0].path).toBe(pointer);
    }
    // A well-formed pair, escaped or raw, is fine.
    const ok = await gw.api.post('/api/v2/tables', undefined, { raw: '{"name":"\\ud83d\\ude00 😀","columns":[{"name":"a","kind":"input"}]}', headers: json });
    expect(ok.status).toBe(201);
    expect(ok.body.name).toBe('😀 😀');
    expect(await tableCount()).toBe(before + 1);
  });

  it('answers an upsert whose match value holds a lone surrogate 400 every time, never a 500', async () => {
    const table = await createLeadsTable(gw, [], 'surrogate');
    for (let i = 0; i < 3; i++) {
      const res = await gw.api.post(upsertPath(table.id), { rows: [{ email: 'a\ud800@x.io' }], matchColumns: ['email'], enrich: false });
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.details.issues[0].path).toBe('/rows/0/email');
    }
    expect(await gw.db.collection('rows').countDocuments({ tableId: table.id })).toBe(0);
  });
});

describe('the upsert retry loop', () => {
  it('keeps two rows whose multi-column match values join to one string apart (no 500)', async () => {
    const table = await createLeadsTable(gw, [], 'nul-join');
    const nameId = (table.columns.find((c) => c.slug === 'name') as { id: string }).id;
    // Keys were the NUL-joined column ids and values: these two lists joined alike.
    const rows = [
      { email: `p\u0000${nameId}\u0000q`, name: 'r' },
      { email: 'p', name: `q\u0000${nameId}\u0000r` },
    ];
    for (const row of rows) {
      const res = await gw.api.post(upsertPath(table.id), { rows: [row], matchColumns: ['email', 'name'], enrich: false });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body.counts.inserted).toBe(1);
    }
    const again = await gw.api.post(upsertPath(table.id), { rows, matchColumns: ['email', 'name'], enrich: false });
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    expect(again.body.counts).toMatchObject({ inserted: 0, skipped: 2 });
    expect(await gw.db.collection('rows').countDocuments({ tableId: table.id, deletedAt: null })).toBe(2);
  });

  it('ends with a 409 when the index refuses a row no read can find (text the store did not keep as sent)', async () => {
    const table = await createLeadsTable(gw, [], 'unwinnable');
    // Past the HTTP layer (which refuses it) a lone surrogate is stored as U+FFFD, so the
    // stored row never compares equal to a retry of the same upsert.
    const input = { rows: [{ email: 'b\udfff@x.io' }], matchColumns: ['email'], enrich: false };
    await gw.gateway.services.upsertRows(orgId, table.id, input);
    const err = await gw.gateway.services.upsertRows(orgId, table.id, input).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ status: 409, code: 'MATCH_KEY_CONFLICT' });
  });
});

describe('bad bytes posted to a trigger URL', () => {
  it('refuses invalid UTF-8 and lone surrogates in JSON and form posts; nothing is stored', async () => {
    const t = await createTrigger(gw, { name: 'bytes', action: 'event' });
    const cases: [Buffer | string, string, { offset?: number; path?: string }][] = [
      [Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xfe]), Buffer.from('"}')]), 'application/json', { offset: 6 }],
      ['{"a":{"b":["\\udead"]}}', 'application/json', { path: '/a/b/0' }],
      [Buffer.concat([Buffer.from('a=1&b='), Buffer.from([0xff])]), 'application/x-www-form-urlencoded', { offset: 6 }],
      ['a=1&b=%ED%A0%80', 'application/x-www-form-urlencoded', { path: '/b' }],
      ['a=1&b=%C3', 'application/x-www-form-urlencoded', { path: '/b' }],
    ];
    for (const [body, contentType, where] of cases) {
      const res = await postHook(gw, t.url, body, { contentType });
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.code).toBe('VALIDATION_ERROR');
      if (where.offset !== undefined) expect(res.body.details.offset).toBe(where.offset);
      if (where.path !== undefined) expect(res.body.details.issues[0].path).toBe(where.path);
    }
    expect(await gw.db.collection('trigger_events').countDocuments({ triggerId: t.id })).toBe(0);
    const fine = await postHook(gw, t.url, 'a=%E2%9C%93&b=%zz', { contentType: 'application/x-www-form-urlencoded' });
    expect(fine.status).toBe(202);
  });
});

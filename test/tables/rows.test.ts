import { randomUUID } from 'node:crypto';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';
import { createLeadsTable, upsertPath } from './helpers.ts';

let gw: TestGateway;
let table: Awaited<ReturnType<typeof createLeadsTable>>;
const rowIds: string[] = [];

const people = [
  { email: 'ada@x.io', name: 'Ada', company: 'Analytical', score: 90 },
  { email: 'bob@y.io', name: 'Bob', company: 'Builders', score: 40 },
  { email: 'cy@x.io', name: 'Cy', company: '', score: 75 },
  { email: 'dee@z.io', name: 'Dee', score: 10 },
  { email: 'eve@x.io', name: 'Eve', company: 'analytical engines', score: 60 },
];

beforeAll(async () => {
  gw = await startTestGateway();
  table = await createLeadsTable(gw, [{ name: 'Score', slug: 'score', kind: 'input' }], 'rows');
  const res = await gw.api.post(upsertPath(table.id), { rows: people, matchColumns: ['email'], enrich: false });
  const run = await gw.api.get(`/api/v2/enrichment-runs/${res.body.id}`);
  rowIds.push(...run.body.outcomes.map((o: { rowId: string }) => o.rowId));
});
afterAll(() => gw.close());

const list = (query: string) => gw.api.get(`/api/v2/tables/${table.id}/rows${query}`);
const names = (body: { items: { cells: { name: { value: string } } }[] }) => body.items.map((r) => r.cells.name.value);
const enc = (v: unknown) => encodeURIComponent(JSON.stringify(v));

describe('listRows', () => {
  it('returns typed cells by default and flat rows with cells=flat', async () => {
    const typed = await list('');
    expect(typed.status).toBe(200);
    expect(typed.body).toMatchObject({ object: 'list', total: 5, nextCursor: null, url: `/api/v2/tables/${table.id}/rows` });
    expect(typed.body.items[0]).toMatchObject({
      object: 'row',
      id: rowIds[0],
      cells: { email: { kind: 'scalar', value: 'ada@x.io' }, score: { kind: 'scalar', value: 90 } },
    });
    expect(typed.body.items[3].cells.company).toEqual({ kind: 'scalar', value: null });
    const flat = await list('?cells=flat');
    expect(flat.body.items[0]).toEqual({ id: rowIds[0], email: 'ada@x.io', name: 'Ada', company: 'Analytical', score: 90 });
  });

  it.each([
    ['contains (case-insensitive)', [{ column: 'company', operator: 'contains', value: 'ANALYTICAL' }], ['Ada', 'Eve']],
    ['not_contains', [{ column: 'email', operator: 'not_contains', value: '@x.io' }], ['Bob', 'Dee']],
    ['equals', [{ column: 'name', operator: 'equals', value: 'Bob' }], ['Bob']],
    ['not_equals', [{ column: 'name', operator: 'not_equals', value: 'Bob' }], ['Ada', 'Cy', 'Dee', 'Eve']],
    ['is_empty', [{ column: 'company', operator: 'is_empty' }], ['Cy', 'Dee']],
    ['is_not_empty', [{ column: 'company', operator: 'is_not_empty' }], ['Ada', 'Bob', 'Eve']],
    ['greater_than', [{ column: 'score', operator: 'greater_than', value: 60 }], ['Ada', 'Cy']],
    ['greater_than_or_equal', [{ column: 'score', operator: 'greater_than_or_equal', value: 60 }], ['Ada', 'Cy', 'Eve']],
    ['less_than', [{ column: 'score', operator: 'less_than', value: 40 }], ['Dee']],
    ['less_than_or_equal', [{ column: 'score', operator: 'less_than_or_equal', value: 40 }], ['Bob', 'Dee']],
    [
      'two filters together',
      [
        { column: 'email', operator: 'contains', value: 'x.io' },
        { column: 'score', operator: 'less_than', value: 80 },
      ],
      ['Cy', 'Eve'],
    ],
  ])('filters with %s', async (_name, filters, expected) => {
    const res = await list(`?filters=${enc(filters)}`);
    expect(res.status).toBe(200);
    expect(names(res.body)).toEqual(expected);
    expect(res.body.total).toBe(expected.length);
  });

  it.each([
    ['an unknown filter column', `?filters=${enc([{ column: 'nope', operator: 'equals', value: 1 }])}`, 'UNKNOWN_COLUMN'],
    ['an unknown sort column', `?sort=${enc({ column: 'nope' })}`, 'UNKNOWN_COLUMN'],
    ['an unknown operator', `?filters=${enc([{ column: 'name', operator: 'like', value: 1 }])}`, 'INVALID_FILTERS'],
    ['a missing value', `?filters=${enc([{ column: 'name', operator: 'equals' }])}`, 'INVALID_FILTERS'],
    ['filters that are not JSON', '?filters=%7Bnope', 'INVALID_FILTERS'],
    ['a bad sort direction', `?sort=${enc({ column: 'name', direction: 'up' })}`, 'INVALID_SORT'],
    ['a limit over 200', '?limit=201', 'VALIDATION_ERROR'],
    ['an unknown parameter', '?page=2', 'VALIDATION_ERROR'],
    ['a forged cursor', '?cursor=abc', 'VALIDATION_ERROR'],
  ])('refuses %s', async (_name, query, code) => {
    const res = await list(query);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(code);
  });

  it('sorts both ways and pages through a sorted result', async () => {
    const desc = await list(`?sort=${enc({ column: 'score', direction: 'desc' })}`);
    expect(names(desc.body)).toEqual(['Ada', 'Cy', 'Eve', 'Bob', 'Dee']);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await list(`?limit=2&sort=${enc({ column: 'name', direction: 'asc' })}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.body.total).toBe(5);
      seen.push(...names(res.body));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['Ada', 'Bob', 'Cy', 'Dee', 'Eve']);
  });

  it('pages in creation order with a stable cursor', async () => {
    const p1 = await list('?limit=2');
    const p2 = await list(`?limit=2&cursor=${p1.body.nextCursor}`);
    const p3 = await list(`?limit=2&cursor=${p2.body.nextCursor}`);
    expect([...p1.body.items, ...p2.body.items, ...p3.body.items].map((r: { id: string }) => r.id)).toEqual(rowIds);
    expect(p3.body.nextCursor).toBeNull();
  });
});

describe('getRow, getCell and deleteRows', () => {
  it('reads one row and one cell; unknown ids are 404 with their own codes', async () => {
    const row = await gw.api.get(`/api/v2/tables/${table.id}/rows/${rowIds[1]}`);
    expect(row.status).toBe(200);
    expect(row.body.cells.name).toEqual({ kind: 'scalar', value: 'Bob' });
    const nameColumn = table.columns.find((c) => c.slug === 'name') as { id: string };
    const cell = await gw.api.get(`/api/v2/tables/${table.id}/rows/${rowIds[1]}/cells/${nameColumn.id}`);
    expect(cell.body).toEqual({ object: 'cell', rowId: rowIds[1], columnId: nameColumn.id, slug: 'name', kind: 'scalar', value: 'Bob' });
    expect((await gw.api.get(`/api/v2/tables/${table.id}/rows/${randomUUID()}`)).body.code).toBe('ROW_NOT_FOUND');
    expect((await gw.api.get(`/api/v2/tables/${table.id}/rows/${rowIds[1]}/cells/${randomUUID()}`)).body.code).toBe('COLUMN_NOT_FOUND');
    expect((await gw.api.get(`/api/v2/tables/${randomUUID()}/rows/${rowIds[1]}`)).body.code).toBe('TABLE_NOT_FOUND');
  });

  it('soft-deletes up to 100 ids idempotently and counts what it deleted', async () => {
    const t = await createLeadsTable(gw, [], 'deletes');
    const res = await gw.api.post(upsertPath(t.id), { rows: [{ email: '1' }, { email: '2' }, { email: '3' }], matchColumns: ['email'] });
    const ids = (await gw.api.get(`/api/v2/enrichment-runs/${res.body.id}`)).body.outcomes.map((o: { rowId: string }) => o.rowId);
    const del = await gw.api.delete(`/api/v2/tables/${t.id}/rows`, { rowIds: [ids[0], ids[0], ids[1], rowIds[0], randomUUID()] });
    expect(del.status).toBe(200);
    expect(del.body).toEqual({ deleted: 2, requested: 5 });
    expect((await gw.api.delete(`/api/v2/tables/${t.id}/rows`, { rowIds: [ids[0], ids[1]] })).body).toEqual({ deleted: 0, requested: 2 });
    expect((await gw.api.get(`/api/v2/tables/${t.id}/rows/${ids[0]}`)).status).toBe(404);
    expect((await gw.api.get(`/api/v2/tables/${t.id}`)).body.leadCount).toBe(1);
    expect((await gw.api.get(`/api/v2/tables/${t.id}/rows`)).body.total).toBe(1);
    // The row of the other table was not touched, and a deleted key can be inserted again.
    expect((await gw.api.get(`/api/v2/tables/${table.id}/rows/${rowIds[0]}`)).status).toBe(200);
    const again = await gw.api.post(upsertPath(t.id), { rows: [{ email: '1' }], matchColumns: ['email'] });
    expect(again.body.counts.inserted).toBe(1);
  });

  it.each([
    ['no ids', { rowIds: [] }],
    ['101 ids', { rowIds: Array.from({ length: 101 }, () => randomUUID()) }],
    ['a non-uuid id', { rowIds: ['nope'] }],
  ])('refuses %s', async (_name, body) => {
    const res = await gw.api.delete(`/api/v2/tables/${table.id}/rows`, body);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_ERROR');
  });
});

describe('CSV', () => {
  it('exports what it imported (quotes, commas, line breaks, BOM, CRLF)', async () => {
    const t = await createLeadsTable(gw, [], 'csv');
    const csv = '\ufeffemail,name,company\r\na@x.io,"Lovelace, Ada","Says ""hi""\r\nto all"\r\nb@x.io,Bob,\r\n';
    const up = await gw.api.post(`/api/v2/tables/${t.id}/rows/upsert-file`, {
      content: Buffer.from(csv).toString('base64'),
      filename: 'x.csv',
      matchColumns: ['email'],
    });
    expect(up.status).toBe(201);
    expect(up.body.counts).toEqual({ inserted: 2, updated: 0, skipped: 0 });
    const res = await supertest(gw.callback as never)
      .get(`/api/v2/tables/${t.id}/rows?format=csv`)
      .set('authorization', `Bearer ${gw.adminKey}`)
      .buffer(true)
      .parse((r, cb) => {
        let text = '';
        r.on('data', (c: Buffer) => (text += c.toString('utf8')));
        r.on('end', () => cb(null, text));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const rows = (await gw.api.get(`/api/v2/tables/${t.id}/rows`)).body.items.map((r: { id: string }) => r.id);
    expect(res.body).toBe(`id,email,name,company\r\n${rows[0]},a@x.io,"Lovelace, Ada","Says ""hi""\r\nto all"\r\n${rows[1]},b@x.io,Bob,\r\n`);
    // Re-importing the export (without its id column) changes nothing.
    const exported = (res.body as string).split('\r\n').length;
    expect(exported).toBe(5);
    const reimport = (res.body as string).replace(/^id,/, '').replace(/\r\n[0-9a-f-]{36},/g, '\r\n');
    const again = await gw.api.post(`/api/v2/tables/${t.id}/rows/upsert-file`, { content: Buffer.from(reimport).toString('base64'), matchColumns: ['email'] });
    expect(again.body.counts).toEqual({ inserted: 0, updated: 0, skipped: 2 });
  });

  it('streams a table larger than one store batch, in row order, honouring filters', async () => {
    const t = await createLeadsTable(gw, [], 'big csv');
    for (let i = 0; i < 12; i++) {
      const rows = Array.from({ length: 100 }, (_, j) => ({ email: `r${i * 100 + j}@big.io`, company: (i * 100 + j) % 2 === 0 ? 'even' : 'odd' }));
      expect((await gw.api.post(upsertPath(t.id), { rows, matchColumns: ['email'], enrich: false })).status).toBe(201);
    }
    const download = async (query: string) =>
      (
        await supertest(gw.callback as never)
          .get(`/api/v2/tables/${t.id}/rows?format=csv${query}`)
          .set('authorization', `Bearer ${gw.adminKey}`)
          .buffer(true)
          .parse((r, cb) => {
            let text = '';
            r.on('data', (c: Buffer) => (text += c.toString('utf8')));
            r.on('end', () => cb(null, text));
          })
      ).body as string;
    const lines = (await download('')).trimEnd().split('\r\n');
    expect(lines).toHaveLength(1_201);
    const ids = lines.slice(1).map((l) => l.split(',')[0]);
    expect(ids).toEqual([...ids].sort());
    expect(lines[1_200].split(',')[1]).toBe('r1199@big.io');
    const even = (await download(`&filters=${enc([{ column: 'company', operator: 'equals', value: 'even' }])}`)).trimEnd().split('\r\n');
    expect(even).toHaveLength(601);
  });

  it.each([
    ['not base64', '%%%', 400, 'VALIDATION_ERROR'],
    ['only a header', Buffer.from('email\n').toString('base64'), 400, 'VALIDATION_ERROR'],
    ['an unterminated quote', Buffer.from('email\n"a\n').toString('base64'), 400, 'VALIDATION_ERROR'],
    ['101 data rows', Buffer.from(`email\n${Array.from({ length: 101 }, (_, i) => `r${i}`).join('\n')}\n`).toString('base64'), 413, 'TOO_MANY_ROWS'],
    ['an unknown header', Buffer.from('mail\nx\n').toString('base64'), 400, 'UNKNOWN_FIELDS'],
  ])('refuses %s', async (_name, content, status, code) => {
    const res = await gw.api.post(`/api/v2/tables/${table.id}/rows/upsert-file`, { content, matchColumns: ['email'] });
    expect(res.status).toBe(status);
    expect(res.body.code).toBe(code);
    if (code === 'TOO_MANY_ROWS') expect(res.body.details).toEqual({ rows: 101, limit: 100 });
  });
});

describe('sorted pages (keyset cursor)', () => {
  // Missing first, then numbers, then strings: the database's cross-type order.
  const originals: { email: string; score?: number | string }[] = [
    { email: 'k0@s.io' },
    { email: 'k1@s.io', score: 5 },
    { email: 'k2@s.io', score: 10 },
    { email: 'k3@s.io', score: 10 },
    { email: 'k4@s.io', score: 10 },
    { email: 'k5@s.io', score: 20 },
    { email: 'k6@s.io', score: 'abc' },
    { email: 'k7@s.io', score: 'zed' },
  ];
  // Values landing before the first page's boundary whichever way the table is sorted.
  const latecomers = [{ score: 'zzz' }, { score: 'a' }, { score: 0 }, { score: 10 }, {}, { score: 1000 }, { score: 'b' }];

  it.each(['asc', 'desc'] as const)('%s: rows written between requests neither repeat nor skip an original row', async (direction) => {
    const t = await createLeadsTable(gw, [{ name: 'Score', slug: 'score', kind: 'input' }], `keyset-${direction}`);
    const up = await gw.api.post(upsertPath(t.id), { rows: originals, matchColumns: ['email'], enrich: false });
    expect(up.status).toBe(201);
    const sort = enc({ column: 'score', direction });
    const page = (cursor: string | null) => gw.api.get(`/api/v2/tables/${t.id}/rows?limit=3&cells=flat&sort=${sort}${cursor ? `&cursor=${cursor}` : ''}`);
    const emails = (body: { items: { email: string }[] }) => body.items.map((r) => r.email);

    const first = await page(null);
    const seen = emails(first.body);
    const late = latecomers.map((r, i) => ({ email: `late${i}-${direction}@s.io`, ...r }));
    expect((await gw.api.post(upsertPath(t.id), { rows: late, matchColumns: ['email'], enrich: false })).status).toBe(201);
    let cursor: string | null = first.body.nextCursor;
    for (let i = 0; cursor && i < 10; i++) {
      const res = await page(cursor);
      seen.push(...emails(res.body));
      cursor = res.body.nextCursor;
    }
    const expected = originals.map((r) => r.email);
    if (direction === 'desc') expected.reverse();
    expect(seen.filter((e) => e.startsWith('k'))).toEqual(expected);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('refuses a cursor issued for another sort', async () => {
    const first = await list(`?limit=2&sort=${enc({ column: 'name', direction: 'asc' })}`);
    const res = await gw.api.get(`/api/v2/tables/${table.id}/rows?limit=2&sort=${enc({ column: 'name', direction: 'desc' })}&cursor=${first.body.nextCursor}`);
    expect(res.status).toBe(400);
  });
});

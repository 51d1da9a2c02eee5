import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';
import { createLeadsTable, upsertPath } from './helpers.ts';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(() => gw.close());

describe('upsertRows', () => {
  it('inserts, updates and skips, and records the outcomes ledger as an enrichment run', async () => {
    const table = await createLeadsTable(gw);
    const first = await gw.api.post(upsertPath(table.id), {
      rows: [
        { email: 'a@x.io', name: 'A' },
        { email: 'b@x.io', name: 'B' },
      ],
      matchColumns: ['email'],
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ object: 'enrichment_run', tableRunId: null, counts: { inserted: 2, updated: 0, skipped: 0 } });
    expect(first.body.batchId).toBe(first.body.id);

    const second = await gw.api.post(upsertPath(table.id), {
      rows: [
        { email: 'a@x.io', name: 'A2' },
        { email: 'b@x.io', name: 'B' },
        { email: 'c@x.io', company: 'C' },
      ],
      matchColumns: ['email'],
    });
    expect(second.body.counts).toEqual({ inserted: 1, updated: 1, skipped: 1 });

    const run = await gw.api.get(`/api/v2/enrichment-runs/${second.body.id}`);
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({
      object: 'enrichment_run',
      type: 'upsert',
      status: 'complete',
      rowCount: 3,
      outcomeCounts: { inserted: 1, updated: 1, skipped: 1 },
    });
    expect(run.body.outcomes.map((o: { outcome: string }) => o.outcome)).toEqual(['updated', 'skipped', 'inserted']);
    expect(run.body.outcomes[0].rowId).toBe((await gw.api.get(`/api/v2/enrichment-runs/${first.body.id}`)).body.outcomes[0].rowId);
    const alias = await gw.api.get(`/api/v2/batches/${second.body.id}`);
    expect(alias.body).toEqual(run.body);

    const rows = await gw.api.get(`/api/v2/tables/${table.id}/rows`);
    expect(rows.body.total).toBe(3);
    expect(rows.body.items[0].cells.name).toEqual({ kind: 'scalar', value: 'A2' });
    expect((await gw.api.get(`/api/v2/tables/${table.id}`)).body.leadCount).toBe(3);
  });

  it('matches on every match column together, comparing values as text', async () => {
    const table = await createLeadsTable(gw);
    await gw.api.post(upsertPath(table.id), { rows: [{ email: 'a@x.io', company: 'Acme', name: 'one' }], matchColumns: ['email', 'company'] });
    const res = await gw.api.post(upsertPath(table.id), {
      rows: [
        { email: 'a@x.io', company: 'Acme', name: 'two' },
        { email: 'a@x.io', company: 'Other', name: 'three' },
      ],
      matchColumns: ['company', 'email'],
    });
    expect(res.body.counts).toEqual({ inserted: 1, updated: 1, skipped: 0 });
    const numeric = await gw.api.post(upsertPath(table.id), { rows: [{ email: 42, company: 'N' }], matchColumns: ['email'] });
    const again = await gw.api.post(upsertPath(table.id), { rows: [{ email: '42', company: 'N2' }], matchColumns: ['email'] });
    expect(numeric.body.counts.inserted).toBe(1);
    expect(again.body.counts.updated).toBe(1);
  });

  it.each([
    ['an unknown match column', { rows: [{ email: 'a' }], matchColumns: ['nope'] }, 400, 'UNKNOWN_COLUMN'],
    ['an unknown row key', { rows: [{ email: 'a', Email: 'b' }], matchColumns: ['email'] }, 400, 'UNKNOWN_FIELDS'],
    ['a non-input column', { rows: [{ email: 'a', score: 'x' }], matchColumns: ['email'] }, 400, 'NON_INPUT_COLUMNS'],
    ['a missing match value', { rows: [{ email: 'a' }, { name: 'b' }], matchColumns: ['email'] }, 400, 'MISSING_MATCH_VALUE'],
    ['an empty match value', { rows: [{ email: '  ' }], matchColumns: ['email'] }, 400, 'MISSING_MATCH_VALUE'],
    ['a duplicate key', { rows: [{ email: 'a' }, { email: 'a' }], matchColumns: ['email'] }, 400, 'DUPLICATE_MATCH_KEY'],
    ['101 rows', { rows: Array.from({ length: 101 }, (_, i) => ({ email: `${i}` })), matchColumns: ['email'] }, 400, 'VALIDATION_ERROR'],
    ['no rows', { rows: [], matchColumns: ['email'] }, 400, 'VALIDATION_ERROR'],
    ['empty matchColumns', { rows: [{ email: 'a' }], matchColumns: [] }, 400, 'VALIDATION_ERROR'],
    ['a malformed batchId', { rows: [{ email: 'a' }], matchColumns: ['email'], batchId: 'nope' }, 400, 'VALIDATION_ERROR'],
  ])('refuses %s with %s %s and writes nothing', async (_name, body, status, code) => {
    const table = await createLeadsTable(gw, [{ name: 'Score', slug: 'score', kind: 'enrichment', enrichment: { url: 'http://127.0.0.1:9/x' } }]);
    const res = await gw.api.post(upsertPath(table.id), body);
    expect(res.status).toBe(status);
    expect(res.body.code).toBe(code);
    expect((await gw.api.get(`/api/v2/tables/${table.id}/rows`)).body.total).toBe(0);
    expect((await gw.api.get(`/api/v2/tables/${table.id}/enrichment-runs`)).body.items).toEqual([]);
  });

  it('refuses an ambiguous match with 409 AMBIGUOUS_MATCH', async () => {
    const table = await createLeadsTable(gw);
    await gw.api.post(upsertPath(table.id), {
      rows: [
        { email: 'a', company: 'Acme' },
        { email: 'b', company: 'Acme' },
      ],
      matchColumns: ['email'],
    });
    const res = await gw.api.post(upsertPath(table.id), { rows: [{ company: 'Acme', name: 'x' }], matchColumns: ['company'] });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('AMBIGUOUS_MATCH');
    expect(res.body.details.rowIds).toHaveLength(2);
  });

  it('answers 404 TABLE_NOT_FOUND for a missing table', async () => {
    const res = await gw.api.post(upsertPath(randomUUID()), { rows: [{ email: 'a' }], matchColumns: ['email'] });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('TABLE_NOT_FOUND');
  });

  it('replays a batchId with 200 and the same receipt, and writes nothing twice', async () => {
    const table = await createLeadsTable(gw);
    const batchId = randomUUID();
    const body = { rows: [{ email: 'r@x.io', name: 'R' }], matchColumns: ['email'], batchId };
    const first = await gw.api.post(upsertPath(table.id), body);
    expect(first.status).toBe(201);
    expect(first.body.id).toBe(batchId);
    const replay = await gw.api.post(upsertPath(table.id), body);
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual(first.body);
    expect((await gw.api.get(`/api/v2/tables/${table.id}/enrichment-runs`)).body.items).toHaveLength(1);
    const changed = await gw.api.post(upsertPath(table.id), { ...body, rows: [{ email: 'r@x.io', name: 'other' }] });
    expect(changed.status).toBe(409);
    expect(changed.body.code).toBe('IDEMPOTENCY_ERROR');
    expect((await gw.api.get(`/api/v2/tables/${table.id}/rows`)).body.items[0].cells.name.value).toBe('R');
  });

  it('creates exactly one row when 20 requests upsert one key at once', async () => {
    const table = await createLeadsTable(gw);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => gw.api.post(upsertPath(table.id), { rows: [{ email: 'same@x.io', name: `n${i}` }], matchColumns: ['email'] })),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
    const inserted = results.filter((r) => r.body.counts.inserted === 1);
    expect(inserted).toHaveLength(1);
    const rows = await gw.api.get(`/api/v2/tables/${table.id}/rows`);
    expect(rows.body.total).toBe(1);
    expect((await gw.api.get(`/api/v2/tables/${table.id}`)).body.leadCount).toBe(1);
  });

  it('rejects a second row with the same match key at the database, not only in code', async () => {
    const table = await createLeadsTable(gw);
    await gw.api.post(upsertPath(table.id), { rows: [{ email: 'u@x.io' }], matchColumns: ['email'] });
    const doc = await gw.db.collection('rows').findOne({ tableId: table.id });
    await expect(gw.db.collection('rows').insertOne({ ...doc, _id: randomUUID() as never })).rejects.toMatchObject({ code: 11000 });
  });

  it('lists enrichment runs newest first, by table, across pages, with identical aliases', async () => {
    const table = await createLeadsTable(gw, [], 'runs');
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await gw.api.post(upsertPath(table.id), { rows: [{ email: `${i}` }], matchColumns: ['email'] })).body.id);
    const page1 = await gw.api.get(`/api/v2/enrichment-runs?tableId=${table.id}&limit=2`);
    expect(page1.body.items.map((r: { id: string }) => r.id)).toEqual([ids[2], ids[1]]);
    const page2 = await gw.api.get(`/api/v2/enrichment-runs?tableId=${table.id}&limit=2&cursor=${page1.body.nextCursor}`);
    expect(page2.body.items.map((r: { id: string }) => r.id)).toEqual([ids[0]]);
    expect(page2.body.nextCursor).toBeNull();
    const legacy = await gw.api.get(`/api/v2/batches?tableId=${table.id}&limit=2`);
    expect(legacy.body.items).toEqual(page1.body.items);
    const scoped = await gw.api.get(`/api/v2/tables/${table.id}/enrichment-runs?limit=2`);
    expect(scoped.body.items).toEqual(page1.body.items);
    expect((await gw.api.get(`/api/v2/tables/${randomUUID()}/enrichment-runs`)).body.code).toBe('TABLE_NOT_FOUND');
    expect((await gw.api.get(`/api/v2/enrichment-runs/${randomUUID()}`)).body.code).toBe('BATCH_NOT_FOUND');
  });

  it("keeps another organization's runs and batch ids out of reach", async () => {
    const table = await createLeadsTable(gw);
    const mine = await gw.api.post(upsertPath(table.id), { rows: [{ email: 'o@x.io' }], matchColumns: ['email'] });
    const org = await gw.gateway.services.organizations.ensure('other-org-upsert');
    const other = gw.api.withKey((await gw.gateway.services.apiKeys.create(org.id, { name: 'k', scopes: ['admin'] })).key);
    expect((await other.get(`/api/v2/enrichment-runs/${mine.body.id}`)).status).toBe(404);
    expect((await other.get(`/api/v2/batches/${mine.body.id}`)).status).toBe(404);
    expect((await other.get('/api/v2/enrichment-runs')).body.items).toEqual([]);
    expect((await other.post(upsertPath(table.id), { rows: [{ email: 'o@x.io' }], matchColumns: ['email'] })).status).toBe(404);
  });
});

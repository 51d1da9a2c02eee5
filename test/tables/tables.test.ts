import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(() => gw.close());

const UUIDV7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('tables and columns', () => {
  it('creates a table with url-safe unique slugs and UUIDv7 ids', async () => {
    const res = await gw.api.post('/api/v2/tables', {
      name: 'Leads',
      columns: [
        { name: 'Email Address', kind: 'input' },
        { name: 'email address', kind: 'input' },
        { name: 'Ünïcode & Co!', kind: 'input' },
        { name: 'id', kind: 'input' },
        { name: 'Company', slug: 'company', kind: 'input' },
        { name: 'Domain info', kind: 'enrichment', enrichment: { url: 'http://127.0.0.1:9/enrich' } },
      ],
    });
    expect(res.status).toBe(201);
    expect(res.body.id).toMatch(UUIDV7);
    expect(res.body.columns.map((c: { slug: string }) => c.slug)).toEqual(['email_address', 'email_address_2', 'unicode_co', 'id_2', 'company', 'domain_info']);
    for (const c of res.body.columns) expect(c.id).toMatch(UUIDV7);
    const enrichment = res.body.columns[5];
    expect(enrichment.kind).toBe('enrichment');
    expect(enrichment.autoTrigger).toBe(true);
    expect(enrichment.enrichment.secret).toMatch(/^whsec_/);
    expect(enrichment.enrichment.secretLast4).toBe(enrichment.enrichment.secret.slice(-4));
    expect(res.body).toMatchObject({ object: 'table', leadCount: 0, workspaceId: null, credits: { lifetimeUsed: 0 }, cells: { running: 0, errored: 0 } });

    const read = await gw.api.get(`/api/v2/tables/${res.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body.columns[5].enrichment.secret).toBeUndefined();
    expect(read.body.columns[5].enrichment.secretLast4).toBe(enrichment.enrichment.secretLast4);
  });

  it('adds, renames, re-slugs and deletes columns; refuses a taken or reserved slug', async () => {
    const table = (await gw.api.post('/api/v2/tables', { name: 'Cols', columns: [{ name: 'Email', kind: 'input' }] })).body;
    const added = await gw.api.post(`/api/v2/tables/${table.id}/columns`, { name: 'First name', kind: 'input' });
    expect(added.status).toBe(201);
    expect(added.body.slug).toBe('first_name');
    const taken = await gw.api.post(`/api/v2/tables/${table.id}/columns`, { name: 'Other', slug: 'email', kind: 'input' });
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('COLUMN_SLUG_TAKEN');
    const reserved = await gw.api.post(`/api/v2/tables/${table.id}/columns`, { name: 'x', slug: 'id', kind: 'input' });
    expect(reserved.status).toBe(400);
    const badSlug = await gw.api.post(`/api/v2/tables/${table.id}/columns`, { name: 'x', slug: 'Has Space', kind: 'input' });
    expect(badSlug.status).toBe(400);
    expect(badSlug.body.code).toBe('VALIDATION_ERROR');
    const noUrl = await gw.api.post(`/api/v2/tables/${table.id}/columns`, { name: 'x', kind: 'enrichment' });
    expect(noUrl.status).toBe(400);

    const renamed = await gw.api.patch(`/api/v2/tables/${table.id}/columns/${added.body.id}`, { name: 'Given name', slug: 'given_name' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ id: added.body.id, name: 'Given name', slug: 'given_name' });
    const clash = await gw.api.patch(`/api/v2/tables/${table.id}/columns/${added.body.id}`, { slug: 'email' });
    expect(clash.status).toBe(409);

    const cols = await gw.api.get(`/api/v2/tables/${table.id}/columns`);
    expect(cols.body).toMatchObject({ object: 'list', nextCursor: null, url: `/api/v2/tables/${table.id}/columns` });
    expect(cols.body.items.map((c: { slug: string }) => c.slug)).toEqual(['email', 'given_name']);

    const del = await gw.api.delete(`/api/v2/tables/${table.id}/columns/${added.body.id}`);
    expect(del.status).toBe(200);
    expect(del.body).toEqual({ object: 'column', id: added.body.id, deleted: true });
    expect((await gw.api.delete(`/api/v2/tables/${table.id}/columns/${added.body.id}`)).body.code).toBe('COLUMN_NOT_FOUND');
  });

  it('renames and soft-deletes a table; lists pages in creation order', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await gw.api.post('/api/v2/tables', { name: `page ${i}` })).body.id);
    const renamed = await gw.api.patch(`/api/v2/tables/${ids[0]}`, { name: 'renamed' });
    expect(renamed.body.name).toBe('renamed');
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await gw.api.get(`/api/v2/tables?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((t: { id: string }) => t.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...seen].sort());
    for (const id of ids) expect(seen).toContain(id);
    expect((await gw.api.delete(`/api/v2/tables/${ids[1]}`)).status).toBe(200);
    const gone = await gw.api.get(`/api/v2/tables/${ids[1]}`);
    expect(gone.status).toBe(404);
    expect(gone.body.code).toBe('TABLE_NOT_FOUND');
    expect((await gw.api.delete(`/api/v2/tables/${ids[1]}`)).status).toBe(404);
    // The published compatibility parameters are accepted.
    expect((await gw.api.get(`/api/v2/tables?workspaceId=${ids[0]}`)).body.items).toEqual([]);
    expect((await gw.api.get(`/api/v2/tables/${ids[0]}?include=stats`)).status).toBe(200);
  });

  it("answers another organization's table exactly like a missing one", async () => {
    const table = (await gw.api.post('/api/v2/tables', { name: 'mine', columns: [{ name: 'Email', kind: 'input' }] })).body;
    const org = await gw.gateway.services.organizations.ensure('other-org-tables');
    const key = (await gw.gateway.services.apiKeys.create(org.id, { name: 'k', scopes: ['admin'] })).key;
    const other = gw.api.withKey(key);
    const missing = '01900000-0000-7000-8000-000000000000';
    for (const path of [`/api/v2/tables/${table.id}`, `/api/v2/tables/${table.id}/columns`, `/api/v2/tables/${table.id}/rows`]) {
      const theirs = await other.get(path);
      const none = await other.get(path.replace(table.id, missing));
      expect(theirs.status).toBe(404);
      expect(theirs.body).toEqual(none.body);
    }
    expect((await other.patch(`/api/v2/tables/${table.id}`, { name: 'x' })).status).toBe(404);
    expect((await other.get('/api/v2/tables')).body.items).toEqual([]);
  });

  it('needs the write scope to change tables', async () => {
    const { key } = await gw.gateway.services.apiKeys.create((await gw.gateway.services.organizations.ensure('default')).id, { name: 'ro', scopes: ['read'] });
    const res = await gw.api.withKey(key).post('/api/v2/tables', { name: 'nope' });
    expect(res.status).toBe(403);
  });
});

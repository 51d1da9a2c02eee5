import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';
import { createLeadsTable, upsertPath } from './helpers.ts';

// The published upsert schema leaves row values open (`additionalProperties: true`): an
// object or array in a row is stored and read back unchanged, whatever its keys.

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(() => gw.close());

const PROFILE = { city: 'Paris', tags: ['cto', 'founder'], links: [{ kind: 'site', url: 'https://a.example' }], score: { value: 0.5, parts: [1, null, true] } };
// Keys a database field name cannot always be: a leading `$`, a dot, a NUL.
const AWKWARD = { $set: { admin: true }, 'example.com': [{ $where: '1' }], 'nul\u0000key': 1, plain: 'x' };

describe('nested row values', () => {
  it('stores objects and arrays and reads them back unchanged through every row read', async () => {
    const table = await createLeadsTable(gw);
    const res = await gw.api.post(upsertPath(table.id), {
      rows: [
        { email: 'a@x.io', name: PROFILE, company: ['Acme', 'Initech'] },
        { email: 'b@x.io', name: AWKWARD, company: [] },
      ],
      matchColumns: ['email'],
    });
    expect(res.status).toBe(201);
    expect(res.body.counts).toEqual({ inserted: 2, updated: 0, skipped: 0 });

    const flat = await gw.api.get(`/api/v2/tables/${table.id}/rows?cells=flat`);
    const byEmail = Object.fromEntries(flat.body.items.map((r: { email: string }) => [r.email, r]));
    expect(byEmail['a@x.io']).toMatchObject({ name: PROFILE, company: ['Acme', 'Initech'] });
    expect(byEmail['b@x.io']).toMatchObject({ name: AWKWARD, company: [] });

    const typed = await gw.api.get(`/api/v2/tables/${table.id}/rows/${byEmail['b@x.io'].id}`);
    expect(typed.status).toBe(200);
    expect(typed.body.cells.name).toMatchObject({ kind: 'scalar', value: AWKWARD });

    // The same values again change nothing; a changed nested value is an update.
    const again = await gw.api.post(upsertPath(table.id), {
      rows: [
        { email: 'a@x.io', name: PROFILE },
        { email: 'b@x.io', name: { ...AWKWARD, plain: 'y' } },
      ],
      matchColumns: ['email'],
    });
    expect(again.body.counts).toEqual({ inserted: 0, updated: 1, skipped: 1 });
    const after = await gw.api.get(`/api/v2/tables/${table.id}/rows/${byEmail['b@x.io'].id}`);
    expect(after.body.cells.name.value).toEqual({ ...AWKWARD, plain: 'y' });
  });

  it('matches a nested match value on its JSON text', async () => {
    const table = await createLeadsTable(gw);
    const key = { crm: 'hubspot', id: 42 };
    expect((await gw.api.post(upsertPath(table.id), { rows: [{ email: key, name: 'first' }], matchColumns: ['email'] })).body.counts.inserted).toBe(1);
    const second = await gw.api.post(upsertPath(table.id), {
      rows: [
        { email: key, name: 'second' },
        { email: { crm: 'hubspot', id: 43 }, name: 'other' },
      ],
      matchColumns: ['email'],
    });
    expect(second.body.counts).toEqual({ inserted: 1, updated: 1, skipped: 0 });
    const rows = await gw.api.get(`/api/v2/tables/${table.id}/rows?cells=flat`);
    expect(rows.body.items.map((r: { email: unknown; name: string }) => [r.email, r.name])).toEqual(
      expect.arrayContaining([
        [key, 'second'],
        [{ crm: 'hubspot', id: 43 }, 'other'],
      ]),
    );
    expect(rows.body.items).toHaveLength(2);
  });
});

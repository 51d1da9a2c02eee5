import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';

// `x-origami-project` fails closed: a request meant for a project never acts on the
// key's own organization. The gateway has no projects, so every well-formed id is unknown.

let gw: TestGateway;
let tableId: string;
beforeAll(async () => {
  gw = await startTestGateway();
  const table = await gw.api.post('/api/v2/tables', { name: 'Parent table', columns: [{ name: 'email', kind: 'input' }] });
  tableId = table.body.id;
});
afterAll(() => gw.close());

const project = (value: string) => ({ headers: { 'x-origami-project': value } });

describe('x-origami-project', () => {
  it.each(['not-a-uuid', '', '123', `${crypto.randomUUID()}x`])('answers a malformed id %j with 400 VALIDATION_ERROR', async (value) => {
    const res = await gw.api.get('/api/v2/tables', project(value));
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_ERROR');
    expect(res.body.details.issues[0].path).toBe('headers.x-origami-project');
  });

  it("answers an unknown project with 404 PROJECT_NOT_FOUND instead of the parent organization's data", async () => {
    const res = await gw.api.get('/api/v2/tables', project(crypto.randomUUID()));
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('PROJECT_NOT_FOUND');
    expect(JSON.stringify(res.body)).not.toContain(tableId);
  });

  it('changes nothing on a write meant for a project', async () => {
    const id = crypto.randomUUID();
    const upsert = await gw.api.post(`/api/v2/tables/${tableId}/rows/upsert`, { rows: [{ email: 'p@x.example' }], matchColumns: ['email'] }, project(id));
    expect(upsert.status).toBe(404);
    expect(upsert.body.code).toBe('PROJECT_NOT_FOUND');
    const del = await gw.api.delete(`/api/v2/tables/${tableId}`, undefined, project(id));
    expect(del.status).toBe(404);
    const rows = await gw.api.get(`/api/v2/tables/${tableId}/rows`);
    expect(rows.status).toBe(200);
    expect(rows.body.items).toEqual([]);
  });

  it('still authenticates first', async () => {
    const res = await gw.api.get('/api/v2/tables', { key: null, headers: { 'x-origami-project': 'not-a-uuid' } });
    expect(res.status).toBe(401);
  });

  it("leaves requests without the header on the key's organization", async () => {
    const res = await gw.api.get('/api/v2/tables');
    expect(res.status).toBe(200);
    expect(res.body.items.map((t: { id: string }) => t.id)).toContain(tableId);
  });
});

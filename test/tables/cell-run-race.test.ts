import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';
import { startEnrichmentServer, waitFor } from './enrichment-server.ts';
import { createLeadsTable, upsertPath } from './helpers.ts';

let gw: TestGateway;
let server: Awaited<ReturnType<typeof startEnrichmentServer>>;
let calls = 0;
const SLOW_MS = 2_500;

beforeAll(async () => {
  gw = await startTestGateway();
  // The first call of all is answered slowly, every later one at once.
  server = await startEnrichmentServer(() => {
    calls += 1;
    return calls === 1 ? { status: 200, body: { from: 'first' }, delayMs: SLOW_MS } : { status: 200, body: { from: 'second' } };
  });
});
afterAll(async () => {
  await gw.close();
  await server.close();
});

const terminal = (s: string) => ['complete', 'failed', 'cancelled'].includes(s);

describe('two runs of one cell', () => {
  it('the older run finishing last does not overwrite the newer value', async () => {
    const table = await createLeadsTable(
      gw,
      [{ name: 'Domain', slug: 'domain', kind: 'enrichment', enrichment: { url: server.url, timeoutMs: 10_000 } }],
      'cell-race',
    );
    const domain = table.columns.find((c) => c.slug === 'domain') as { id: string };
    const first = await gw.api.post(upsertPath(table.id), { rows: [{ email: 'race@c.io' }], matchColumns: ['email'] });
    expect(first.status).toBe(201);
    const rowId = (await gw.api.get(`/api/v2/enrichment-runs/${first.body.id}`)).body.outcomes[0].rowId as string;
    await waitFor(async () => server.calls.length === 1);
    const second = await gw.api.post(upsertPath(table.id), { rows: [{ email: 'race@c.io', name: 'again' }], matchColumns: ['email'], reenrichUpdated: true });
    expect(second.status).toBe(201);
    const runStatus = async (id: string) => (await gw.api.get(`/api/v2/tables/${table.id}/runs/${id}`)).body.status as string;
    // The newer run completes while the older call is still held, and the older one ends after it.
    await waitFor(async () => (await runStatus(second.body.tableRunId)) === 'complete', 10_000);
    expect(server.calls).toHaveLength(2);
    await waitFor(async () => terminal(await runStatus(first.body.tableRunId)), 15_000);
    // The older run lost its cell: it settles as cancelled, not as a completed write.
    const older = await gw.api.get(`/api/v2/tables/${table.id}/runs/${first.body.tableRunId}`);
    expect(older.body).toMatchObject({ status: 'cancelled', counts: { complete: 0, cancelled: 1 } });

    const cell = await gw.api.get(`/api/v2/tables/${table.id}/rows/${rowId}/cells/${domain.id}`);
    expect(cell.body.value).toEqual({ from: 'second' });
    expect(cell.body.run).toMatchObject({ tableRunId: second.body.tableRunId, status: 'complete' });
    const row = await gw.api.get(`/api/v2/tables/${table.id}/rows/${rowId}`);
    expect(row.body.cells.domain.value).toEqual({ from: 'second' });
  });
});

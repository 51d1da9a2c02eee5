import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertWebhookMatchesSpec } from '../support/spec-validation.ts';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';
import { startEnrichmentServer, waitFor } from './enrichment-server.ts';
import { createLeadsTable, upsertPath } from './helpers.ts';

let gw: TestGateway;
let server: Awaited<ReturnType<typeof startEnrichmentServer>>;

beforeAll(async () => {
  gw = await startTestGateway({ env: { OG_ENRICHMENT_RETRY_SCHEDULE: '0.2,0.2' } });
  // fail…: always 500 (errored after 3 attempts); flaky…: 503 once, then fine; slow…: held for cancellation tests;
  // reject…: a 400, never retried.
  server = await startEnrichmentServer((call, nth) => {
    const email = String(call.body.row.cells.email);
    if (email.startsWith('fail')) return { status: 500, body: { error: 'boom' } };
    if (email.startsWith('reject')) return { status: 400, body: { error: 'no' } };
    if (email.startsWith('flaky') && nth === 1) return { status: 503 };
    if (email.startsWith('slow')) return { status: 200, body: { late: true }, delayMs: 1_500 };
    return { status: 200, body: { domain: email.split('@')[1], attempt: call.body.attempt } };
  });
});
afterAll(async () => {
  await gw.close();
  await server.close();
});

async function enrichedTable(name: string) {
  const table = await createLeadsTable(gw, [{ name: 'Domain', slug: 'domain', kind: 'enrichment', enrichment: { url: server.url, timeoutMs: 5_000 } }], name);
  const secret = table.columns.find((c) => c.slug === 'domain')?.enrichment?.secret as string;
  server.setSecret(secret);
  return table;
}

const terminal = (gwRun: { status: string }) => ['complete', 'failed', 'cancelled'].includes(gwRun.status);

describe('enrichment columns and table runs', () => {
  it('runs every inserted row through the endpoint, retries failures and settles with true counts', async () => {
    const table = await enrichedTable('enrich');
    const res = await gw.api.post(upsertPath(table.id), {
      rows: [{ email: 'a@one.io' }, { email: 'b@two.io' }, { email: 'flaky@three.io' }, { email: 'fail1@x.io' }, { email: 'reject@x.io' }],
      matchColumns: ['email'],
    });
    expect(res.status).toBe(201);
    expect(res.body.tableRunId).toMatch(/^[0-9a-f-]{36}$/);
    const runPath = `/api/v2/tables/${table.id}/runs/${res.body.tableRunId}`;
    const early = await gw.api.get(runPath);
    expect(['processing', 'complete']).toContain(early.body.status);

    const run = await waitFor(async () => {
      const r = await gw.api.get(runPath);
      return terminal(r.body) ? r.body : null;
    });
    expect(run).toMatchObject({
      object: 'table_run',
      status: 'complete',
      source: 'api',
      failureReason: null,
      counts: { complete: 3, errored: 2, cancelled: 0 },
    });
    expect(run.activatedAt).not.toBeNull();
    expect(run.completedAt).not.toBeNull();

    // Signed with the column secret; retries keep the webhook-id; the failing row was tried 3 times, the 400 once.
    expect(server.calls.every((c) => c.verified)).toBe(true);
    const byEmail = (e: string) => server.calls.filter((c) => c.body.row.cells.email === e);
    expect(byEmail('fail1@x.io')).toHaveLength(3);
    expect(new Set(byEmail('fail1@x.io').map((c) => c.webhookId)).size).toBe(1);
    expect(byEmail('reject@x.io')).toHaveLength(1);
    expect(byEmail('flaky@three.io')).toHaveLength(2);

    const rows = await gw.api.get(`/api/v2/tables/${table.id}/rows`);
    const cell = (email: string) => rows.body.items.find((r: { cells: { email: { value: string } } }) => r.cells.email.value === email).cells.domain;
    expect(cell('a@one.io')).toMatchObject({ kind: 'value', value: { domain: 'one.io', attempt: 1 }, run: { status: 'complete', attempts: 1 } });
    expect(cell('flaky@three.io')).toMatchObject({ value: { domain: 'three.io', attempt: 2 }, run: { status: 'complete', attempts: 2 } });
    expect(cell('fail1@x.io')).toMatchObject({ value: null, run: { status: 'errored', attempts: 3, error: 'HTTP 500' } });

    const tableView = await gw.api.get(`/api/v2/tables/${table.id}`);
    expect(tableView.body.cells).toEqual({ running: 0, errored: 2 });
    expect(tableView.body.columns.find((c: { slug: string }) => c.slug === 'domain').cells).toEqual({ running: 0, errored: 2 });

    const batch = await gw.api.get(`/api/v2/enrichment-runs/${res.body.id}`);
    expect(batch.body).toMatchObject({ status: 'complete', tableRunId: res.body.tableRunId, enrichments: { total: 5, completed: 3, pending: 0, failed: 2 } });

    const events = await gw.db
      .collection('events')
      .find({ type: 'table.run.completed', orderingKey: `table_run:${run.id}` })
      .toArray();
    expect(events).toHaveLength(1);
    expect(events[0].data).toMatchObject({ run_id: run.id, table_id: table.id, status: 'complete', counts: { complete: 3, errored: 2, cancelled: 0 } });
    assertWebhookMatchesSpec('table.run.completed', {
      type: 'table.run.completed',
      id: events[0]._id,
      timestamp: events[0].occurredAt.toISOString(),
      data: events[0].data,
    });
    expect(await gw.db.collection('table_runs').countDocuments({ _id: run.id as never, '_outbox.0': { $exists: true } })).toBe(0);
  });

  it('re-enriches updated rows only when asked, and a run with nothing to do completes at once', async () => {
    const table = await enrichedTable('reenrich');
    const first = await gw.api.post(upsertPath(table.id), { rows: [{ email: 'r@re.io', name: 'x' }], matchColumns: ['email'] });
    await waitFor(async () => terminal((await gw.api.get(`/api/v2/tables/${table.id}/runs/${first.body.tableRunId}`)).body));
    const callsBefore = server.calls.length;
    const quiet = await gw.api.post(upsertPath(table.id), { rows: [{ email: 'r@re.io', name: 'y' }], matchColumns: ['email'] });
    const quietRun = await waitFor(async () => {
      const r = await gw.api.get(`/api/v2/tables/${table.id}/runs/${quiet.body.tableRunId}`);
      return terminal(r.body) ? r.body : null;
    });
    expect(quietRun).toMatchObject({ status: 'complete', counts: { complete: 0, errored: 0, cancelled: 0 } });
    expect(server.calls.length).toBe(callsBefore);
    const again = await gw.api.post(upsertPath(table.id), { rows: [{ email: 'r@re.io', name: 'z' }], matchColumns: ['email'], reenrichUpdated: true });
    const run = await waitFor(async () => {
      const r = await gw.api.get(`/api/v2/tables/${table.id}/runs/${again.body.tableRunId}`);
      return terminal(r.body) ? r.body : null;
    });
    expect(run.counts).toEqual({ complete: 1, errored: 0, cancelled: 0 });
    const noEnrich = await gw.api.post(upsertPath(table.id), { rows: [{ email: 'n@re.io' }], matchColumns: ['email'], enrich: false });
    expect(noEnrich.body.tableRunId).toBeNull();
  });

  it('cancels active cells by column or for the whole table, with a dry run first', async () => {
    const table = await enrichedTable('cancel');
    const res = await gw.api.post(upsertPath(table.id), { rows: [{ email: 'slow1@s.io' }, { email: 'slow2@s.io' }], matchColumns: ['email'] });
    const cancelPath = `/api/v2/tables/${table.id}/cancel`;
    const unknown = await gw.api.post(cancelPath, { columns: ['nope'] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.code).toBe('UNKNOWN_COLUMN');
    expect((await gw.api.post(cancelPath, { columns: [] })).body.code).toBe('VALIDATION_ERROR');
    const dry = await gw.api.post(cancelPath, { columns: ['domain'], dryRun: true });
    expect(dry.body).toEqual({ dryRun: true, tableId: table.id, activeCells: 2, activeLeadSourceJobs: 0 });
    expect((await gw.api.get(`/api/v2/tables/${table.id}`)).body.cells.running).toBe(2);
    const done = await gw.api.post(cancelPath, {});
    expect(done.body).toEqual({ tableId: table.id, cancelledCells: 2, cancelledLeadSourceJobs: 0 });
    const run = await waitFor(async () => {
      const r = await gw.api.get(`/api/v2/tables/${table.id}/runs/${res.body.tableRunId}`);
      return terminal(r.body) ? r.body : null;
    });
    expect(run).toMatchObject({ status: 'cancelled', counts: { complete: 0, errored: 0, cancelled: 2 } });
    expect((await gw.api.post(cancelPath, { dryRun: true })).body.activeCells).toBe(0);
    // A call that was in flight when the cell was cancelled does not write its value.
    await new Promise((r) => setTimeout(r, 1_800));
    const rows = await gw.api.get(`/api/v2/tables/${table.id}/rows`);
    for (const row of rows.body.items) expect(row.cells.domain).toMatchObject({ value: null, run: { status: 'cancelled' } });
    expect((await gw.api.get(`/api/v2/tables/${table.id}`)).body.cells).toEqual({ running: 0, errored: 0 });
    const batch = await gw.api.get(`/api/v2/enrichment-runs/${res.body.id}`);
    expect(batch.body.status).toBe('cancelled');
  });

  it('answers 404 for a table run of another table or organization', async () => {
    const table = await enrichedTable('tenancy');
    const res = await gw.api.post(upsertPath(table.id), { rows: [{ email: 't@t.io' }], matchColumns: ['email'] });
    const other = await createLeadsTable(gw, [], 'other');
    const wrongTable = await gw.api.get(`/api/v2/tables/${other.id}/runs/${res.body.tableRunId}`);
    expect(wrongTable.status).toBe(404);
    expect(wrongTable.body.code).toBe('RUN_NOT_FOUND');
    const org = await gw.gateway.services.organizations.ensure('enrich-other-org');
    const key = (await gw.gateway.services.apiKeys.create(org.id, { name: 'k', scopes: ['read'] })).key;
    const foreign = await gw.api.withKey(key).get(`/api/v2/tables/${table.id}/runs/${res.body.tableRunId}`);
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe('TABLE_NOT_FOUND');
  });
});

describe('cascades', () => {
  it('deleting rows or the table cancels their active cells and settles the run', async () => {
    const table = await enrichedTable('cascade');
    const res = await gw.api.post(upsertPath(table.id), {
      rows: [{ email: 'slow-a@c.io' }, { email: 'slow-b@c.io' }, { email: 'slow-c@c.io' }],
      matchColumns: ['email'],
    });
    const run = await gw.api.get(`/api/v2/enrichment-runs/${res.body.id}`);
    const [first] = run.body.outcomes.map((o: { rowId: string }) => o.rowId);
    expect((await gw.api.delete(`/api/v2/tables/${table.id}/rows`, { rowIds: [first] })).body.deleted).toBe(1);
    expect((await gw.api.get(`/api/v2/tables/${table.id}`)).body.cells.running).toBe(2);
    expect((await gw.api.delete(`/api/v2/tables/${table.id}`)).status).toBe(200);
    const settled = await waitFor(async () => {
      const doc = await gw.db.collection('table_runs').findOne({ _id: res.body.tableRunId });
      return doc && terminal(doc as never) ? doc : null;
    });
    expect(settled).toMatchObject({ status: 'cancelled', counts: { complete: 0, errored: 0, cancelled: 3 } });
    expect(await gw.db.collection('events').countDocuments({ type: 'table.run.completed', 'data.run_id': res.body.tableRunId })).toBe(1);
  });
});

describe('recovery sweep', () => {
  it('reschedules a processing run whose job was lost and fails a run whose batch never finished', async () => {
    const table = await enrichedTable('sweep');
    const res = await gw.api.post(upsertPath(table.id), { rows: [{ email: 'sweep@s.io' }], matchColumns: ['email'], enrich: false });
    const rowId = (await gw.api.get(`/api/v2/enrichment-runs/${res.body.id}`)).body.outcomes[0].rowId;
    const orgId = (await gw.gateway.services.organizations.ensure('default')).id;
    const column = table.columns.find((c) => c.slug === 'domain') as { id: string };
    const now = new Date();
    const lost = crypto.randomUUID();
    const stuck = crypto.randomUUID();
    const base = { orgId, tableId: table.id, enrichmentRunId: res.body.id, source: 'api', completedAt: null, failureReason: null, counts: null };
    // As a crash would leave them: cells queued with no job, and a run that never left `building`.
    await gw.db.collection('table_runs').insertMany([
      { _id: lost as never, ...base, status: 'processing', createdAt: now, activatedAt: now },
      { _id: stuck as never, ...base, status: 'building', createdAt: new Date(now.getTime() - 3_600_000), activatedAt: null },
    ]);
    await gw.db.collection('cell_runs').insertOne({
      _id: crypto.randomUUID() as never,
      orgId,
      tableId: table.id,
      rowId,
      columnId: column.id,
      tableRunId: lost,
      status: 'queued',
      current: true,
      attempts: 0,
      nextAttemptAt: now,
      leaseUntil: null,
      lastError: null,
      createdAt: now,
      updatedAt: now,
    });
    expect(await gw.gateway.services.tableRunWorker.sweep()).toBeGreaterThanOrEqual(2);
    const recovered = await waitFor(async () => {
      const r = await gw.api.get(`/api/v2/tables/${table.id}/runs/${lost}`);
      return terminal(r.body) ? r.body : null;
    });
    expect(recovered).toMatchObject({ status: 'complete', counts: { complete: 1, errored: 0, cancelled: 0 } });
    const failed = await gw.api.get(`/api/v2/tables/${table.id}/runs/${stuck}`);
    expect(failed.body).toMatchObject({
      status: 'failed',
      failureReason: 'the batch did not finish writing',
      counts: { complete: 0, errored: 0, cancelled: 0 },
    });
    expect(await gw.db.collection('events').countDocuments({ type: 'table.run.completed', 'data.run_id': { $in: [lost, stuck] } })).toBe(2);
  });
});

describe('table.run.completed through the webhook plane', () => {
  it('is delivered, signed, to an endpoint subscribed to table.*', async () => {
    const { startReceiver } = await import('../webhooks/support/receiver.ts');
    const receiver = await startReceiver();
    try {
      const endpoint = await gw.api.post('/api/v2/webhooks', { url: receiver.url, events: ['table.*'] });
      expect(endpoint.status).toBe(201);
      receiver.setSecrets([endpoint.body.secret]);
      const table = await enrichedTable('delivered');
      const res = await gw.api.post(upsertPath(table.id), { rows: [{ email: 'hook@h.io' }], matchColumns: ['email'] });
      await receiver.until(() => receiver.received.some((r) => r.payload.data.run_id === res.body.tableRunId));
      const delivery = receiver.received.find((r) => r.payload.data.run_id === res.body.tableRunId)!;
      expect(delivery.verifiedWith).toEqual([endpoint.body.secret]);
      expect(delivery.payload).toMatchObject({
        type: 'table.run.completed',
        data: { table_id: table.id, status: 'complete', counts: { complete: 1, errored: 0, cancelled: 0 } },
      });
      assertWebhookMatchesSpec('table.run.completed', delivery.payload);
      await gw.api.delete(`/api/v2/webhooks/${endpoint.body.id}`);
    } finally {
      await receiver.close();
    }
  });
});

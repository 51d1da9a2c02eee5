import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachWorker, waitForRun } from '../agents/agent-harness.ts';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';
import { startEnrichmentServer, waitFor } from './enrichment-server.ts';
import { createLeadsTable, upsertPath } from './helpers.ts';

// getTable?include=stats: the published economics block and per-column stats, computed
// from the rows this test writes (upsert outcomes, cell runs, deletions).

let gw: TestGateway;
let server: Awaited<ReturnType<typeof startEnrichmentServer>>;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  gw = await startTestGateway();
  // slow…: held 3 s, so its cell run is visibly running for a while.
  server = await startEnrichmentServer((call) => ({
    status: 200,
    body: { domain: String(call.body.row.cells.email).split('@')[1] },
    delayMs: String(call.body.row.cells.email).startsWith('slow') ? 3_000 : 0,
  }));
});
afterAll(async () => {
  for (const fn of cleanups) await fn();
  await gw.close();
  await server.close();
});

type Stats = {
  stats: { funnel: Record<string, number | null>; running: { runningLeads: number; oldestActiveRunStartedAt: string | null } } & Record<string, unknown>;
  columns: { slug: string; stats: Record<string, number> }[];
  leadCount: number;
};
const statsOf = async (tableId: string) => (await gw.api.get(`/api/v2/tables/${tableId}?include=stats`)).body as Stats;
const column = (t: Stats, slug: string) => t.columns.find((c) => c.slug === slug)?.stats;

describe('getTable?include=stats', () => {
  it('fills the funnel, running and per-column figures from what was written', async () => {
    const table = await createLeadsTable(
      gw,
      [{ name: 'Domain', slug: 'domain', kind: 'enrichment', enrichment: { url: server.url, timeoutMs: 10_000 } }],
      'stats',
    );
    server.setSecret(table.columns.find((c) => c.slug === 'domain')?.enrichment?.secret as string);

    const plain = await gw.api.get(`/api/v2/tables/${table.id}`);
    expect(plain.body.stats).toBeUndefined();
    expect(plain.body.columns.every((c: { stats?: unknown }) => c.stats === undefined)).toBe(true);
    const empty = await statsOf(table.id);
    expect(empty.stats).toEqual({
      creditsPerLead: 0,
      creditsPerQualifiedLead: 0,
      findMoreEstimatedCredits: 0,
      qualification: null,
      funnel: { totalSourcedLeads: 0, postStaticLeads: 0, dedupedLeads: 0, dedupRate: null, excludedLeads: 0, excludedRate: null },
      running: { runningLeads: 0, oldestActiveRunStartedAt: null },
      leadSources: [],
      hasUnknownTotalWithMore: false,
    });
    expect(column(empty, 'domain')).toEqual({ avgCreditsPerRun: 0, callRate: 0, totalRuns: 0 });

    // 3 inserted and enriched; then 1 updated, 1 unchanged, 1 inserted without enrichment; then 1 slow enriched insert.
    const first = await gw.api.post(upsertPath(table.id), {
      rows: [{ email: 'a@one.io' }, { email: 'b@two.io' }, { email: 'c@three.io' }],
      matchColumns: ['email'],
    });
    expect(first.body.counts).toEqual({ inserted: 3, updated: 0, skipped: 0 });
    const second = await gw.api.post(upsertPath(table.id), {
      rows: [{ email: 'a@one.io', name: 'Ada' }, { email: 'b@two.io' }, { email: 'd@four.io' }],
      matchColumns: ['email'],
      enrich: false,
    });
    expect(second.body.counts).toEqual({ inserted: 1, updated: 1, skipped: 1 });
    await waitFor(async () => (await gw.api.get(`/api/v2/tables/${table.id}/runs/${first.body.tableRunId}`)).body.status === 'complete', 20_000);
    const startedAt = Date.now();
    const slow = await gw.api.post(upsertPath(table.id), { rows: [{ email: 'slow@five.io' }], matchColumns: ['email'] });
    expect(slow.body.counts.inserted).toBe(1);

    const busy = await waitFor(async () => {
      const t = await statsOf(table.id);
      return t.stats.running.runningLeads === 1 ? t : null;
    }, 20_000);
    expect(Date.parse(busy.stats.running.oldestActiveRunStartedAt as string)).toBeGreaterThanOrEqual(startedAt - 1_000);

    await waitFor(async () => (await gw.api.get(`/api/v2/tables/${table.id}/runs/${slow.body.tableRunId}`)).body.status === 'complete', 20_000);
    const settled = await statsOf(table.id);
    expect(settled.leadCount).toBe(5);
    expect(settled.stats.funnel).toEqual({ totalSourcedLeads: 7, postStaticLeads: 5, dedupedLeads: 2, dedupRate: 2 / 7, excludedLeads: 0, excludedRate: 0 });
    expect(settled.stats.running).toEqual({ runningLeads: 0, oldestActiveRunStartedAt: null });
    // a, b, c and slow were enriched (d was inserted with enrich: false): 4 of 5 rows.
    expect(column(settled, 'domain')).toEqual({ avgCreditsPerRun: 0, callRate: 4 / 5, totalRuns: 4 });
    expect(column(settled, 'email')).toEqual({ avgCreditsPerRun: 0, callRate: 0, totalRuns: 0 });

    // Deleting an enriched row: fewer leads, fewer rows with a run, the lifetime run count stays.
    const rows = await gw.api.get(`/api/v2/tables/${table.id}/rows?cells=flat`);
    const c = rows.body.items.find((r: { email: string }) => r.email === 'c@three.io');
    expect((await gw.api.delete(`/api/v2/tables/${table.id}/rows`, { rowIds: [c.id] })).status).toBeLessThan(300);
    const after = await statsOf(table.id);
    expect(after.leadCount).toBe(4);
    expect(column(after, 'domain')).toEqual({ avgCreditsPerRun: 0, callRate: 3 / 4, totalRuns: 4 });
  }, 60_000);
});

describe('include=stats on the agent reads', () => {
  it("attaches the same figures to listAgentTables and a finished run's response.tables", async () => {
    const table = await createLeadsTable(gw, [], 'agent-stats');
    await gw.api.post(upsertPath(table.id), { rows: [{ email: 'x@a.io' }, { email: 'y@a.io' }], matchColumns: ['email'] });
    await gw.api.post(upsertPath(table.id), { rows: [{ email: 'x@a.io', name: 'X' }], matchColumns: ['email'] });
    await attachWorker(gw.api, {}, (fn) => void cleanups.push(fn));
    const created = await gw.api.post('/api/v2/agents', { prompt: 'look at it', focusTableIds: [table.id] });
    expect(created.status).toBe(202);
    const funnel = { totalSourcedLeads: 3, postStaticLeads: 2, dedupedLeads: 1, dedupRate: 1 / 3, excludedLeads: 0, excludedRate: 0 };

    const listed = await gw.api.get(`/api/v2/agents/${created.body.agent.id}/tables?include=stats`);
    expect(listed.body.items[0].stats.funnel).toEqual(funnel);
    expect(listed.body.items[0].columns[0].stats).toEqual({ avgCreditsPerRun: 0, callRate: 0, totalRuns: 0 });
    expect((await gw.api.get(`/api/v2/agents/${created.body.agent.id}/tables`)).body.items[0].stats).toBeUndefined();

    await waitForRun(gw.api, created.body.agent.id, created.body.run.id, (s) => s !== 'running', 20_000);
    const run = await gw.api.get(`/api/v2/agents/${created.body.agent.id}/runs/${created.body.run.id}?include=stats,transcript`);
    expect(run.body.response.tables.find((t: { id: string }) => t.id === table.id).stats.funnel).toEqual(funnel);
    const plain = await gw.api.get(`/api/v2/agents/${created.body.agent.id}/runs/${created.body.run.id}`);
    expect(plain.body.response.tables[0].stats).toBeUndefined();
  }, 60_000);
});

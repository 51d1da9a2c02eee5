import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateApiKey } from '../../src/domain/api-keys/key-format.ts';
import { callChild as api, restartableEnv, startChildGateway } from '../support/child-gateway.ts';
import { startEnrichmentServer, waitFor } from './enrichment-server.ts';

const cleanup: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn().catch(() => undefined);
});

/** Collects the ids of `table.run.completed` events delivered to it. */
async function startReceiver() {
  const events: { id: string; data: { run_id: string; status: string } }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      events.push(JSON.parse(body));
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanup.push(() => new Promise((r) => server.close(r)));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, events };
}

const ROWS = 24;

describe('table runs survive SIGKILL', () => {
  it('finishes every cell of a run whose process was killed mid-enrichment, and reports it once', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'og-enrich-kill-'));
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    // Every call takes 300 ms, so the kill lands with calls in flight and cells still queued.
    const enricher = await startEnrichmentServer((call) => ({ status: 200, body: { domain: String(call.body.row.cells.email).split('@')[1] }, delayMs: 300 }));
    cleanup.push(() => enricher.close());
    const receiver = await startReceiver();
    const key = generateApiKey();
    const env = restartableEnv(dataDir, key, {
      OG_TABLE_RUN_SWEEP_MS: '500',
      OG_RATE_LIMIT_IP_PER_MINUTE: '1000000',
      OG_RATE_LIMIT_ORG_PER_MINUTE: '1000000',
    });

    const first = await startChildGateway(env);
    cleanup.push(async () => first.child.kill('SIGKILL'));
    expect((await api(first, key, 'POST', '/api/v2/webhooks', { url: receiver.url, events: ['table.run.completed'] })).status).toBe(201);
    const table = await api(first, key, 'POST', '/api/v2/tables', {
      name: 'Leads',
      columns: [
        { name: 'Email', slug: 'email', kind: 'input' },
        // A short timeout keeps the lease of a cell the dead process claimed short.
        { name: 'Domain', slug: 'domain', kind: 'enrichment', enrichment: { url: enricher.url, timeoutMs: 1_000 } },
      ],
    });
    expect(table.status).toBe(201);
    const tableId = table.body.id as string;
    const rows = Array.from({ length: ROWS }, (_, i) => ({ email: `p${i}@d${i}.io` }));
    const upsert = await api(first, key, 'POST', `/api/v2/tables/${tableId}/rows/upsert`, { rows, matchColumns: ['email'] });
    expect(upsert.status).toBe(201);
    const runPath = `/api/v2/tables/${tableId}/runs/${upsert.body.tableRunId}`;

    await waitFor(async () => enricher.calls.length >= 4, 20_000, 10);
    first.child.kill('SIGKILL');
    await first.exited;
    const callsBeforeKill = enricher.calls.length;
    expect(callsBeforeKill).toBeLessThan(ROWS);

    const second = await startChildGateway(env);
    cleanup.push(async () => second.child.kill('SIGKILL'));
    const run = await waitFor(
      async () => {
        const r = await api(second, key, 'GET', runPath);
        expect(r.status).toBe(200);
        return r.body.status === 'processing' ? null : r.body;
      },
      60_000,
      100,
    );
    expect(run).toMatchObject({ status: 'complete', counts: { complete: ROWS, errored: 0, cancelled: 0 } });

    // Every row got its value; the calls cut off by the kill were made again.
    const listed = await api(second, key, 'GET', `/api/v2/tables/${tableId}/rows?limit=100`);
    expect(listed.body.items).toHaveLength(ROWS);
    for (const row of listed.body.items) {
      const email = row.cells.email.value as string;
      expect(row.cells.domain).toMatchObject({ value: { domain: email.split('@')[1] }, run: { status: 'complete' } });
    }
    expect(new Set(enricher.calls.map((c) => c.body.row.cells.email)).size).toBe(ROWS);
    expect((await api(second, key, 'GET', `/api/v2/tables/${tableId}`)).body.cells).toEqual({ running: 0, errored: 0 });

    // One completion event for the run (delivered at least once, so count distinct ids).
    await waitFor(async () => receiver.events.some((e) => e.data.run_id === run.id), 30_000);
    const completions = new Set(receiver.events.filter((e) => e.data.run_id === run.id).map((e) => e.id));
    expect(completions.size).toBe(1);
  }, 150_000);
});

import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { assertResponseMatchesSpec } from '../support/spec-validation.ts';
import { startFaultGateway } from './support/fault-gateway.ts';
import { eachLimited, startWriters, until, type Attempt, type WriteRoute } from './support/writers.ts';

// A gateway on a stand-alone `og-gateway mongod`, five acknowledging write routes under
// load, and two outages of the database: paused (SIGSTOP: its sockets stay open and answer
// nothing) then killed, and killed without warning; each time it is restarted on the same
// data directory and port. The gateway process stays up throughout. What must hold: every answer during the outage is a 503 with Retry-After
// (never a 500, never a hang: each arrives within PROMPT_MS), every id the API
// acknowledged reads back afterwards, and what was not acknowledged is either wholly
// there or not at all.

// The gateway notices a hung store within its probe period plus ping timeout (1 s + 2 s);
// the rest is slack for a loaded machine. The store timeout (10 s) is deliberately left at
// its default: no answer may wait for it.
const PROMPT_MS = 5_000;

const cleanup: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn().catch(() => undefined);
});

async function setUp() {
  const { store, gw, key, api } = await startFaultGateway(cleanup, { name: 'faults' });
  const trigger = await api('POST', '/api/v2/triggers', { name: 'faults', action: 'event', rateLimitPerMinute: 1_000_000 });
  expect(trigger.status).toBe(201);
  const table = await api('POST', '/api/v2/tables', {
    name: 'leads',
    columns: [
      { name: 'email', kind: 'input' },
      { name: 'n', kind: 'input' },
    ],
  });
  expect(table.status).toBe(201);
  return { store, gw, key, api, trigger: trigger.body, table: table.body };
}

type Setup = Awaited<ReturnType<typeof setUp>>;

function writeRoutes({ gw, key, trigger, table }: Setup): Record<string, WriteRoute> {
  const json = (path: string, body: unknown, headers: Record<string, string> = { authorization: `Bearer ${key}` }) =>
    fetch(`${gw.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return {
    hooks: { name: 'hooks', writers: 4, max: 1_000, acks: [200, 202], send: (n) => json(new URL(trigger.url).pathname, { n }, { 'webhook-id': `msg_${n}` }) },
    rows: {
      name: 'rows',
      writers: 2,
      max: 1_000,
      acks: [201],
      send: (n) =>
        json(`/api/v2/tables/${table.id}/rows/upsert`, { rows: [{ email: `k${n}@example.com`, n: String(n) }], matchColumns: ['email'], enrich: false }),
    },
    tables: {
      name: 'tables',
      writers: 2,
      max: 1_000,
      acks: [201],
      send: (n) =>
        json('/api/v2/tables', {
          name: `t${n}`,
          columns: [
            { name: 'a', kind: 'input' },
            { name: 'b', kind: 'input' },
          ],
        }),
    },
    webhooks: {
      name: 'webhooks',
      writers: 2,
      max: 1_000,
      acks: [201],
      send: (n) => json('/api/v2/webhooks', { url: `http://127.0.0.1:9/w${n}`, events: ['agent.*'] }),
    },
    apiKeys: { name: 'apiKeys', writers: 2, max: 1_000, acks: [201], send: (n) => json('/api/v2/api-keys', { name: `k${n}`, scopes: ['read'] }) },
  };
}

/** Every item of a paginated list. */
async function listAll(s: Setup, path: string): Promise<Record<string, any>[]> {
  const items: Record<string, any>[] = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const page = await s.api('GET', `${path}${sep}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(page.status, JSON.stringify(page.body)).toBe(200);
    items.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return items;
}

function checkOutageAnswers(attempts: Attempt[]): void {
  const failures = attempts.filter((a) => a.status === null || a.status >= 500);
  for (const a of failures) {
    expect(a.status, `${a.route} #${a.n} ${JSON.stringify(a.body)}`).toBe(503);
    expect(a.retryAfter, `${a.route} #${a.n}`).toMatch(/^[1-9]\d*$/);
    expect(a.body?.code).toBe('SERVICE_UNAVAILABLE');
    assertResponseMatchesSpec('POST', a.route === 'hooks' ? '/hooks/x' : routePath(a.route), 503, 'application/json', a.body);
  }
  // Including the requests that were waiting on the database when it stopped.
  const slowest = failures.reduce((m, a) => Math.max(m, a.ms), 0);
  expect(slowest, 'slowest 503 (ms)').toBeLessThan(PROMPT_MS);
}

const routePath = (route: string) =>
  ({
    rows: '/api/v2/tables/00000000-0000-4000-8000-000000000000/rows/upsert',
    tables: '/api/v2/tables',
    webhooks: '/api/v2/webhooks',
    apiKeys: '/api/v2/api-keys',
  })[route] ?? '/';

async function checkHooks(s: Setup, route: WriteRoute, attempts: Attempt[]): Promise<void> {
  const acked = attempts.filter((a) => a.route === route.name && route.acks.includes(a.status ?? 0));
  await eachLimited(acked, 8, async (a) => {
    const ev = await s.api('GET', `/api/v2/triggers/${s.trigger.id}/events/${a.body!.id}`);
    expect(ev.status, `acknowledged hook #${a.n} (${a.body!.id}) after restart`).toBe(200);
  });
  // A sender retries what was not acknowledged under the same webhook-id: one event each.
  const finalId = new Map<number, string>(acked.map((a) => [a.n, a.body!.id]));
  const unanswered = attempts.filter((a) => a.route === route.name && !finalId.has(a.n));
  await eachLimited(unanswered, 8, async (a) => {
    const retry = await fetch(`${s.gw.url}${new URL(s.trigger.url).pathname}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'webhook-id': `msg_${a.n}` },
      body: JSON.stringify({ n: a.n }),
    });
    expect([200, 202]).toContain(retry.status);
    finalId.set(a.n, ((await retry.json()) as { id: string }).id);
  });
  const stored = (await listAll(s, `/api/v2/triggers/${s.trigger.id}/events`)).filter((e) => e.status !== 'duplicate');
  expect(stored.map((e) => e.id).sort()).toEqual([...new Set(finalId.values())].sort());
}

async function checkRows(s: Setup, route: WriteRoute, attempts: Attempt[]): Promise<void> {
  const rows = await listAll(s, `/api/v2/tables/${s.table.id}/rows?cells=flat`);
  const byEmail = new Map(rows.map((r) => [r.email, r]));
  for (const a of attempts.filter((x) => x.route === route.name && x.status === 201)) {
    expect(byEmail.get(`k${a.n}@example.com`)?.n, `acknowledged upsert #${a.n}`).toBe(String(a.n));
  }
  // Not acknowledged: the row is there whole or not at all.
  for (const r of rows) expect(r.n, JSON.stringify(r)).toBe(String(r.email).slice(1, -'@example.com'.length));
}

async function checkCreated(s: Setup, route: WriteRoute, attempts: Attempt[], listPath: string, getPath: (id: string) => string) {
  const mine = attempts.filter((a) => a.route === route.name);
  await eachLimited(
    mine.filter((a) => a.status === 201),
    8,
    async (a) => {
      const got = await s.api('GET', getPath(a.body!.id));
      expect(got.status, `acknowledged ${route.name} #${a.n} (${a.body!.id}) after restart`).toBe(200);
      assertResponseMatchesSpec('GET', getPath(a.body!.id), 200, 'application/json', got.body);
    },
  );
  return listAll(s, listPath);
}

/** One outage: optionally paused first, then killed, down a second, restarted on the same data. */
async function outage(s: Setup, pauseMs: number): Promise<void> {
  if (pauseMs > 0) {
    s.store.pause();
    await sleep(pauseMs);
    const asked = Date.now();
    const ready = await fetch(`${s.gw.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { checks: Record<string, string> }).checks.database).toBe('failing');
    expect(Date.now() - asked, '/readyz during the pause (ms)').toBeLessThan(PROMPT_MS);
  }
  await s.store.kill();
  await sleep(1_000);
  await s.store.restart();
  await until('the gateway is ready again', async () => (await fetch(`${s.gw.url}/readyz`)).status === 200, 30_000);
}

describe('acknowledged writes under a database outage', () => {
  it('paused then killed, and killed without warning: prompt 503s, every acknowledged id reads back', async () => {
    const s = await setUp();
    const routes = writeRoutes(s);
    const writers = startWriters(Object.values(routes), 20_000);
    const ackedEach = (n: number) => () => Object.values(routes).every((r) => writers.acked(r).length >= n);
    try {
      await until('every route acknowledged a few writes', ackedEach(3), 30_000);
      await outage(s, 3_000);
      await until('every route acknowledged writes again', ackedEach(6), 30_000);
      await outage(s, 0);
      await until('every route acknowledged writes after the second restart', ackedEach(9), 30_000);
    } finally {
      await writers.stop();
      const summary: Record<string, Record<string, number>> = {};
      for (const a of writers.attempts) {
        const r = (summary[a.route] ??= {});
        r[String(a.status)] = (r[String(a.status)] ?? 0) + 1;
      }
      console.log(`[faults] answers by route and status: ${JSON.stringify(summary)}; slowest ${Math.max(0, ...writers.attempts.map((a) => a.ms))} ms`);
    }
    expect(s.gw.child.exitCode, s.gw.output()).toBeNull();
    const { attempts } = writers;
    checkOutageAnswers(attempts);
    expect(
      attempts.some((a) => a.status === 503),
      'the outage was seen',
    ).toBe(true);

    await checkHooks(s, routes.hooks, attempts);
    await checkRows(s, routes.rows, attempts);
    const tables = await checkCreated(s, routes.tables, attempts, '/api/v2/tables', (id) => `/api/v2/tables/${id}`);
    for (const t of tables.filter((x) => x.name !== 'leads'))
      expect(
        t.columns?.map((c: { name: string }) => c.name),
        t.name,
      ).toEqual(['a', 'b']);
    await checkCreated(s, routes.webhooks, attempts, '/api/v2/webhooks', (id) => `/api/v2/webhooks/${id}`);
    await checkCreated(s, routes.apiKeys, attempts, '/api/v2/api-keys', (id) => `/api/v2/api-keys/${id}`);
    // An acknowledged key authenticates.
    await eachLimited(writers.acked(routes.apiKeys), 8, async (a) => {
      const res = await fetch(`${s.gw.url}/api/v2/tables?limit=1`, { headers: { authorization: `Bearer ${a.body!.key}` } });
      expect(res.status, `acknowledged key #${a.n}`).toBe(200);
    });
    s.gw.child.kill('SIGTERM');
    await s.gw.exited;
  }, 180_000);
});

import type { GatewaySlot } from './processes.ts';

// The soak's clients: mixed API and trigger load spread over the gateways that are up,
// each answer recorded (route, status or none, latency, time), writes retried the way a
// careful client would (same webhook-id / Idempotency-Key, so a retry is never a second
// effect), and what was acknowledged remembered for the checks after the run.

export interface Sample {
  route: string;
  status: number | null;
  ms: number;
  at: number;
}

export interface Acknowledged {
  /** trigger event id → when the 202/200 came. */
  events: Map<string, number>;
  /** webhook-id of an accepted webhook test → when it was accepted. */
  tests: Map<string, number>;
  /** row email → last acknowledged `plan`, per table; keys whose last write got no answer are uncertain. */
  triggerRows: Map<string, string>;
  /** row email → the trigger event id of its last acknowledged rows.upsert post. */
  triggerRowEvents: Map<string, string>;
  apiRows: Map<string, string>;
  uncertain: Set<string>;
  unansweredWrites: number;
}

export interface LoadSetup {
  gateways: GatewaySlot[];
  key: string;
  eventHookPath: string;
  rowsHookPath: string;
  apiTableId: string;
  endpointId: string;
  random: () => number;
}

const JSON_TYPE = { 'content-type': 'application/json' };

export function createLoad(setup: LoadSetup) {
  const samples: Sample[] = [];
  const acked: Acknowledged = {
    events: new Map(),
    tests: new Map(),
    triggerRows: new Map(),
    triggerRowEvents: new Map(),
    apiRows: new Map(),
    uncertain: new Set(),
    unansweredWrites: 0,
  };
  const createdTables: string[] = [];
  let seq = 0;
  let turn = 0;

  async function pick(deadline: number) {
    while (Date.now() < deadline) {
      const up = setup.gateways.filter((g) => g.up && g.gw);
      if (up.length > 0) return up[turn++ % up.length].gw!;
      await new Promise((r) => setTimeout(r, 50));
    }
    return null;
  }

  async function call(route: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const gw = await pick(Date.now() + 30_000);
    if (!gw) return { status: null, body: null as any };
    const started = performance.now();
    let status: number | null = null;
    let parsed: any = null;
    try {
      const res = await fetch(`${gw.url}${path}`, {
        method,
        headers: { ...(path.startsWith('/hooks/') ? {} : { authorization: `Bearer ${setup.key}` }), ...(body === undefined ? {} : JSON_TYPE), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      });
      const text = await res.text();
      status = res.status;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = null;
      }
    } catch {
      status = null;
    }
    samples.push({ route, status, ms: performance.now() - started, at: Date.now() });
    return { status, body: parsed };
  }

  /** A write retried up to 4 times on no answer or a 5xx, with the same identity each time. */
  async function write(route: string, method: string, path: string, body: unknown, headers: Record<string, string>) {
    let last = { status: null as number | null, body: null as any };
    for (let attempt = 0; attempt < 4; attempt++) {
      last = await call(route, method, path, body, headers);
      if (last.status !== null && last.status < 500) return last;
      await new Promise((r) => setTimeout(r, 500 * (attempt + 1)));
    }
    return last;
  }

  const ok = (status: number | null) => status !== null && status >= 200 && status < 300;
  const rand = (n: number) => Math.floor(setup.random() * n);

  async function eventPost() {
    const n = seq++;
    const res = await write('POST /hooks/{token} (event)', 'POST', setup.eventHookPath, { n, kind: 'soak' }, { 'webhook-id': `soak_evt_${n}` });
    if (ok(res.status) && typeof res.body?.id === 'string') acked.events.set(res.body.id, Date.now());
    else acked.unansweredWrites += 1;
  }

  async function rowsPost(worker: number) {
    const n = seq++;
    const email = `w${worker}-t${rand(25)}@soak.test`;
    const plan = `v${n}`;
    const res = await write('POST /hooks/{token} (rows.upsert)', 'POST', setup.rowsHookPath, { email, plan }, { 'webhook-id': `soak_row_${n}` });
    if (ok(res.status)) {
      acked.triggerRows.set(email, plan);
      if (typeof res.body?.id === 'string') acked.triggerRowEvents.set(email, res.body.id);
      acked.uncertain.delete(`t:${email}`);
    } else {
      acked.uncertain.add(`t:${email}`);
      acked.unansweredWrites += 1;
    }
  }

  async function apiUpsert(worker: number) {
    const n = seq++;
    const emails = [...new Set([rand(50), rand(50), rand(50)])].map((k) => `w${worker}-a${k}@soak.test`);
    const rows = emails.map((email) => ({ email, plan: `v${n}` }));
    const res = await write(
      'POST /tables/{id}/rows/upsert',
      'POST',
      `/api/v2/tables/${setup.apiTableId}/rows/upsert`,
      { rows, matchColumns: ['email'] },
      { 'idempotency-key': `soak-upsert-${n}` },
    );
    for (const email of emails) {
      if (ok(res.status)) {
        acked.apiRows.set(email, `v${n}`);
        acked.uncertain.delete(`a:${email}`);
      } else acked.uncertain.add(`a:${email}`);
    }
    if (!ok(res.status)) acked.unansweredWrites += 1;
  }

  async function createTable() {
    const n = seq++;
    const res = await write(
      'POST /tables',
      'POST',
      '/api/v2/tables',
      { name: `soak ${n}`, columns: [{ name: 'Email', slug: 'email', kind: 'input' }] },
      { 'idempotency-key': `soak-table-${n}` },
    );
    if (ok(res.status) && typeof res.body?.id === 'string') createdTables.push(res.body.id);
  }

  async function webhookTest() {
    const n = seq++;
    const res = await write('POST /webhooks/{id}/test', 'POST', `/api/v2/webhooks/${setup.endpointId}/test`, undefined, {
      'idempotency-key': `soak-test-${n}`,
    });
    if (ok(res.status) && typeof res.body?.webhookId === 'string') acked.tests.set(res.body.webhookId, Date.now());
    else acked.unansweredWrites += 1;
  }

  async function read() {
    const r = rand(4);
    if (r === 0) await call('GET /tables/{id}/rows', 'GET', `/api/v2/tables/${setup.apiTableId}/rows?limit=20`);
    else if (r === 1) await call('GET /webhooks/deliveries', 'GET', '/api/v2/webhooks/deliveries?limit=10');
    else if (r === 2) await call('GET /tables/{id}', 'GET', `/api/v2/tables/${setup.apiTableId}`);
    else await call('GET /tables', 'GET', `/api/v2/tables?limit=10`);
  }

  /** `workers` closed-loop clients, together paced to at most `rate` operations a second, until `until`. */
  async function run(opts: { workers: number; rate: number; until: number }) {
    let nextSlot = Date.now();
    const worker = async (w: number) => {
      while (Date.now() < opts.until) {
        const wait = nextSlot - Date.now();
        nextSlot = Math.max(nextSlot, Date.now()) + 1000 / opts.rate;
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        if (Date.now() >= opts.until) break;
        const r = setup.random();
        if (r < 0.35) await eventPost();
        else if (r < 0.55) await rowsPost(w);
        else if (r < 0.75) await apiUpsert(w);
        else if (r < 0.78) await createTable();
        else if (r < 0.83) await webhookTest();
        else await read();
      }
    };
    await Promise.all(Array.from({ length: opts.workers }, (_, w) => worker(w)));
  }

  return { run, samples, acked, createdTables, call };
}

export type Load = ReturnType<typeof createLoad>;

import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostLookup } from '../../src/outbound/http-client.ts';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';

// One outbound-address policy for every target, at creation and when dialled, without
// OG_ALLOW_PRIVATE_NETWORK: every spelling of a loopback (or otherwise non-public) host
// is refused by every creation route, and a name that passed creation but resolves to
// loopback when dialled (DNS rebinding) is refused without a connection being made.

const LOOPBACK_HOSTS = [
  '127.0.0.1',
  '2130706433',
  '0177.0.0.1',
  '0x7f.0.0.1',
  '127.1',
  '0x7f000001',
  '127.0.0.1.',
  'localhost',
  'api.localhost',
  '[::1]',
  '[::ffff:127.0.0.1]',
  '[::7f00:1]',
  '[2002:7f00:1::]',
  '[64:ff9b::7f00:1]',
  '[64:ff9b:1::1]',
  '[2001::1]',
  '[100::1]',
  '10.0.0.1',
  '169.254.169.254',
];
const PUBLIC_HOST = 'targets.example.com';

/**
 * Resolves `rebind.test` to loopback, as a name rebound after it was accepted would, and
 * nothing else: the test never sends a query or a request off this machine.
 */
let rebindLookups = 0;
const rebinding: HostLookup = async (hostname) => {
  if (hostname === 'rebind.test') {
    rebindLookups += 1;
    return [{ address: '127.0.0.1', family: 4 }];
  }
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
};

async function countingListener(): Promise<{ server: Server; port: number; connections: () => number }> {
  let connections = 0;
  const server = createServer((socket) => {
    connections += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, connections: () => connections };
}

async function eventually<T>(probe: () => Promise<T | null>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

let gw: TestGateway;
let listener: Awaited<ReturnType<typeof countingListener>>;
beforeAll(async () => {
  gw = await startTestGateway({
    env: { OG_ALLOW_PRIVATE_NETWORK: 'false', OG_ENRICHMENT_RETRY_SCHEDULE: '0.1', OG_RETRY_SCHEDULE: '0,0.1' },
    hostLookup: rebinding,
  });
  listener = await countingListener();
});
afterAll(async () => {
  await gw?.close();
  await new Promise((r) => listener?.server.close(r));
});

const enrichmentColumn = (url: string) => ({ name: 'Score', slug: 'score', kind: 'enrichment', enrichment: { url } });
const senderBase = { channel: 'email', name: 'n', displayName: 'd', email: 'a@b.example' };

describe('creation routes refuse every non-public spelling (400 naming the field, nothing stored)', () => {
  let tableId: string;
  let columnId: string;
  let workerId: string;
  beforeAll(async () => {
    const table = await gw.api.post('/api/v2/tables', { name: 'policy', columns: [enrichmentColumn(`https://${PUBLIC_HOST}/score`)] });
    expect(table.status).toBe(201);
    tableId = table.body.id;
    columnId = table.body.columns[0].id;
    const worker = await gw.api.post('/api/v2/agent-workers', { name: 'w', url: `https://${PUBLIC_HOST}/worker` });
    expect(worker.status).toBe(201);
    workerId = worker.body.id;
  });

  const issuePath = (body: { details?: { issues?: { path: string }[]; field?: string } }) => body.details?.issues?.[0]?.path ?? body.details?.field;

  it.each(LOOPBACK_HOSTS)('refuses %s on every route', async (host) => {
    const url = `https://${host}/x`;
    const bareHost = host.replace(/^\[|\]$/g, '');
    const attempts: [string, Promise<{ status: number; body: Record<string, unknown> }>, string][] = [
      ['POST /webhooks', gw.api.post('/api/v2/webhooks', { url, events: ['*'] }), 'body.url'],
      ['POST /tables', gw.api.post('/api/v2/tables', { name: 't', columns: [enrichmentColumn(url)] }), 'columns.0.enrichment.url'],
      [
        'POST /tables/{id}/columns',
        gw.api.post(`/api/v2/tables/${tableId}/columns`, { name: 'E2', kind: 'enrichment', enrichment: { url } }),
        'enrichment.url',
      ],
      ['PATCH column', gw.api.patch(`/api/v2/tables/${tableId}/columns/${columnId}`, { enrichment: { url } }), 'enrichment.url'],
      ['POST /agent-workers', gw.api.post('/api/v2/agent-workers', { name: 'w2', url }), 'body.url'],
      ['PATCH /agent-workers/{id}', gw.api.patch(`/api/v2/agent-workers/${workerId}`, { url }), 'body.url'],
      [
        'POST /senders http',
        gw.api.post('/api/v2/senders', { ...senderBase, channel: 'linkedin', linkedinSlug: 's', email: undefined, http: { url } }),
        'http.url',
      ],
      ['POST /senders smtp', gw.api.post('/api/v2/senders', { ...senderBase, smtp: { host, port: 25 } }), 'smtp.host'],
      ['POST /senders smtp (bare)', gw.api.post('/api/v2/senders', { ...senderBase, smtp: { host: bareHost, port: 25 } }), 'smtp.host'],
    ];
    for (const [route, pending, field] of attempts) {
      const res = await pending;
      expect({ route, status: res.status, code: res.body.code, field: issuePath(res.body as never) }).toEqual({
        route,
        status: 400,
        code: 'VALIDATION_ERROR',
        field,
      });
    }
  });

  it('stored none of them, and kept the public targets', async () => {
    expect((await gw.api.get('/api/v2/webhooks')).body.items).toHaveLength(0);
    expect((await gw.api.get('/api/v2/senders')).body.items).toHaveLength(0);
    const tables = (await gw.api.get('/api/v2/tables')).body.items;
    expect(tables.map((t: { id: string }) => t.id)).toEqual([tableId]);
    expect(tables[0].columns.map((c: { enrichment: { url: string } }) => c.enrichment.url)).toEqual([`https://${PUBLIC_HOST}/score`]);
    const workers = (await gw.api.get('/api/v2/agent-workers')).body.items;
    expect(workers.map((w: { url: string }) => w.url)).toEqual([`https://${PUBLIC_HOST}/worker`]);
  });

  it('accepts public hosts on the same routes', async () => {
    // Each is deleted at once: nothing later may try to reach a public address.
    const accepted: [string, { status: number; body: { id: string } }][] = [
      ['/api/v2/webhooks', await gw.api.post('/api/v2/webhooks', { url: `https://${PUBLIC_HOST}/hook`, events: ['*'] })],
      ['/api/v2/senders', await gw.api.post('/api/v2/senders', { ...senderBase, smtp: { host: 'smtp.example.com', port: 587 } })],
      ['/api/v2/senders', await gw.api.post('/api/v2/senders', { ...senderBase, smtp: { host: '8.8.8.8', port: 587 } })],
      ['/api/v2/agent-workers', await gw.api.post('/api/v2/agent-workers', { name: 'public literal', url: 'https://[2606:4700:4700::1111]:8443/w' })],
    ];
    for (const [base, res] of accepted) {
      expect(res.status).toBe(201);
      expect((await gw.api.delete(`${base}/${res.body.id}`)).status).toBeLessThan(300);
    }
  });
});

describe('dial time: a name that resolves to loopback is never connected to', () => {
  it('enrichment: the cell errors and the loopback listener sees no connection', async () => {
    const before = rebindLookups;
    const table = await gw.api.post('/api/v2/tables', {
      name: 'rebind',
      columns: [{ name: 'Email', slug: 'email', kind: 'input' }, enrichmentColumn(`https://rebind.test:${listener.port}/score`)],
    });
    expect(table.status).toBe(201);
    const up = await gw.api.post(`/api/v2/tables/${table.body.id}/rows/upsert`, { rows: [{ email: 'a@x.example' }], matchColumns: ['email'] });
    expect(up.status).toBe(201);
    const run = await eventually(async () => {
      const r = await gw.api.get(`/api/v2/tables/${table.body.id}/runs/${up.body.tableRunId}`);
      return ['complete', 'failed', 'cancelled'].includes(r.body.status) ? r.body : null;
    });
    expect(run.counts).toMatchObject({ complete: 0, errored: 1 });
    expect(rebindLookups).toBeGreaterThan(before);
    expect(listener.connections()).toBe(0);
  });

  it('agent worker: the run errors with the refusal and the loopback listener sees no connection', async () => {
    const before = rebindLookups;
    const worker = await gw.api.post('/api/v2/agent-workers', { name: 'rebind', url: `https://rebind.test:${listener.port}/run`, default: true });
    expect(worker.status).toBe(201);
    const created = await gw.api.post('/api/v2/agents', { name: 'rebind', prompt: 'hi' });
    expect(created.status).toBe(202);
    const run = await eventually(async () => {
      const r = await gw.api.get(`/api/v2/agents/${created.body.agent.id}/runs/${created.body.run.id}`);
      return r.body.status !== 'running' ? r.body : null;
    });
    expect(run.status).toBe('errored');
    expect(rebindLookups).toBeGreaterThan(before);
    expect(listener.connections()).toBe(0);
  });

  it('webhook: the delivery is dropped as refused, with no response', async () => {
    const endpoint = await gw.api.post('/api/v2/webhooks', { url: 'https://rebind.test/hook', events: [] });
    expect(endpoint.status).toBe(201);
    const test = await gw.api.post(`/api/v2/webhooks/${endpoint.body.id}/test`);
    const delivery = await eventually(async () => {
      const d = (await gw.api.get(`/api/v2/webhooks/deliveries/${test.body.id}`)).body;
      return d.status === 'pending' ? null : d;
    });
    expect(delivery).toMatchObject({ status: 'dropped' });
    expect(delivery.lastError).toMatch(/non-public address/);
    expect(delivery.attempts[0].responseStatus).toBeNull();
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';

// A secret shown once is shown once, also to a client retrying with an Idempotency-Key:
// the replay answers the same resource without it, and the recorded response in the
// store never held it.

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(() => gw.close());

let n = 0;
const idemKey = () => `secret-replay-${(n += 1)}-${Math.random().toString(36).slice(2)}`;

function omit(body: Record<string, any>, paths: string[]): Record<string, any> {
  const copy = structuredClone(body);
  for (const path of paths) {
    const parts = path.split('.');
    const visit = (node: any, i: number): void => {
      if (node === null || typeof node !== 'object') return;
      if (parts[i] === '*') return void (Array.isArray(node) && node.forEach((item) => visit(item, i + 1)));
      if (i === parts.length - 1) delete node[parts[i]];
      else visit(node[parts[i]], i + 1);
    };
    visit(copy, 0);
  }
  return copy;
}

function valuesAt(body: any, path: string): string[] {
  const parts = path.split('.');
  const out: string[] = [];
  const visit = (node: any, i: number): void => {
    if (i === parts.length) return void (typeof node === 'string' && out.push(node));
    if (node === null || typeof node !== 'object') return;
    if (parts[i] === '*') return void (Array.isArray(node) && node.forEach((item) => visit(item, i + 1)));
    visit(node[parts[i]], i + 1);
  };
  visit(body, 0);
  return out;
}

/** Sends `send` twice under one key; checks the replay and the stored record. */
async function expectReplayWithout(send: (headers: Record<string, string>) => Promise<any>, paths: string[]) {
  const headers = { 'idempotency-key': idemKey() };
  const first = await send(headers);
  expect(first.status).toBeLessThan(300);
  const secrets = paths.flatMap((p) => valuesAt(first.body, p));
  expect(secrets.length).toBeGreaterThan(0);
  const replay = await send(headers);
  expect(replay.status).toBe(first.status);
  expect(replay.headers['idempotency-replay']).toBe('true');
  expect(replay.body).toEqual(omit(first.body, paths));
  const stored = JSON.stringify(await gw.db.collection('idempotency_keys').find({}).toArray());
  for (const secret of secrets) {
    expect(JSON.stringify(replay.body)).not.toContain(secret);
    expect(stored).not.toContain(secret);
  }
  return first.body;
}

describe('a replay of a secret-bearing create or rotation', () => {
  it('POST /api-keys: no og_live_ key', async () => {
    await expectReplayWithout((headers) => gw.api.post('/api/v2/api-keys', { name: 'ci', scopes: ['read'] }, { headers }), ['key']);
  });

  it('POST /webhooks and /webhooks/{id}/rotate-secret: no whsec_ secret', async () => {
    const created = await expectReplayWithout(
      (headers) => gw.api.post('/api/v2/webhooks', { url: 'http://127.0.0.1:9/hook', events: ['table.*'] }, { headers }),
      ['secret'],
    );
    await expectReplayWithout((headers) => gw.api.post(`/api/v2/webhooks/${created.id}/rotate-secret`, undefined, { headers }), ['secret']);
  });

  it('POST /agent-workers: no worker secret', async () => {
    await expectReplayWithout((headers) => gw.api.post('/api/v2/agent-workers', { name: 'w', url: 'http://127.0.0.1:9/' }, { headers }), ['secret']);
  });

  it('POST /senders (http): no provider secret', async () => {
    await expectReplayWithout(
      (headers) =>
        gw.api.post(
          '/api/v2/senders',
          { channel: 'linkedin', name: 'li', displayName: 'Li', linkedinSlug: 'li-replay', http: { url: 'http://127.0.0.1:9/li' } },
          { headers },
        ),
      ['secret'],
    );
  });

  it('POST /triggers with a generated secret, and rotate-url: no URL, no secret', async () => {
    const created = await expectReplayWithout(
      (headers) => gw.api.post('/api/v2/triggers', { name: 'sw', action: 'event', verification: { type: 'standard-webhooks' } }, { headers }),
      ['url', 'secret'],
    );
    await expectReplayWithout((headers) => gw.api.post(`/api/v2/triggers/${created.id}/rotate-url`, {}, { headers }), ['url']);
  });

  it('POST /tables and /tables/{id}/columns with an enrichment column: no column secret', async () => {
    const enrichment = { url: 'http://127.0.0.1:9/enrich', timeoutMs: 1_000 };
    const table = await expectReplayWithout(
      (headers) =>
        gw.api.post(
          '/api/v2/tables',
          {
            name: 'Enriched',
            columns: [
              { name: 'Email', kind: 'input' },
              { name: 'Domain', slug: 'domain', kind: 'enrichment', enrichment },
            ],
          },
          { headers },
        ),
      ['columns.*.enrichment.secret'],
    );
    await expectReplayWithout(
      (headers) => gw.api.post(`/api/v2/tables/${table.id}/columns`, { name: 'Size', slug: 'size', kind: 'enrichment', enrichment }, { headers }),
      ['enrichment.secret'],
    );
  });
});

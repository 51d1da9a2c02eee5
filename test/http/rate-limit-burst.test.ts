import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';
import { uniqueDbName } from '../support/mongo-uri.ts';

// A burst of concurrent requests is admitted up to the limit exactly: no more, and no
// fewer (spare leased tokens must not be stranded while requests are refused).

async function inOneWindow(): Promise<void> {
  const msIntoMinute = Date.now() % 60_000;
  if (msIntoMinute > 45_000) await new Promise((r) => setTimeout(r, 60_500 - msIntoMinute));
}

const count = (statuses: number[], status: number) => statuses.filter((s) => s === status).length;

describe('a concurrent burst on one gateway', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ env: { OG_RATE_LIMIT_ORG_PER_MINUTE: '40' } });
  });
  afterAll(() => gw.close());

  it('admits exactly the limit, in one burst and in two', async () => {
    await inOneWindow();
    const first = await Promise.all(Array.from({ length: 25 }, () => gw.api.get('/api/v2/api-keys')));
    expect(
      count(
        first.map((r) => r.status),
        200,
      ),
    ).toBe(25);
    const second = await Promise.all(Array.from({ length: 30 }, () => gw.api.get('/api/v2/api-keys')));
    const statuses = second.map((r) => r.status);
    expect(count(statuses, 200)).toBe(15);
    expect(count(statuses, 429)).toBe(15);
  });
});

/** Two gateways on one database, each allowing the organization 60 requests a minute. */
function twoGateways(prefix: string) {
  const gws = {} as { a: TestGateway; b: TestGateway };
  beforeAll(async () => {
    const dbName = uniqueDbName(prefix);
    const env = { OG_RATE_LIMIT_ORG_PER_MINUTE: '60' };
    gws.a = await startTestGateway({ dbName, env, instanceName: 'a' });
    gws.b = await startTestGateway({ dbName, env: { ...env, OG_BOOTSTRAP_KEY: gws.a.adminKey }, instanceName: 'b' });
  });
  afterAll(async () => {
    await gws.a?.close();
    await gws.b?.close();
  });
  return gws;
}

describe('concurrent bursts on two gateways sharing one database', () => {
  const gws = twoGateways('rlb');

  it('admits exactly the limit across both', async () => {
    await inOneWindow();
    const burst = (gw: TestGateway, n: number) => Array.from({ length: n }, () => gw.api.get('/api/v2/api-keys'));
    const results = await Promise.all([...burst(gws.a, 45), ...burst(gws.b, 45)]);
    const statuses = results.map((r) => r.status);
    expect(count(statuses, 200)).toBe(60);
    expect(count(statuses, 429)).toBe(30);
  });
});

describe('a quiet gateway beside a busy one', () => {
  const gws = twoGateways('rlq');

  it('holds no spare tokens the busy one is refused for', async () => {
    await inOneWindow();
    expect((await gws.a.api.get('/api/v2/api-keys')).status).toBe(200);
    const results = await Promise.all(Array.from({ length: 61 }, () => gws.b.api.get('/api/v2/api-keys')));
    const statuses = results.map((r) => r.status);
    expect(count(statuses, 200)).toBe(59);
    expect(count(statuses, 429)).toBe(2);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../src/domain/shared/clock.ts';
import type { HostLookup } from '../../src/outbound/http-client.ts';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';
import { eventually, startReceiver, type Receiver } from './support/receiver.ts';

describe('secret rotation (injected clock)', () => {
  const HOUR = 60 * 60 * 1000;
  // The receiver checks webhook-timestamp against real time (5 min tolerance), so the
  // rotation happens "24 h minus 2 min ago" and the clock then moves to now and past expiry.
  const clock = manualClock(new Date(Date.now() - 24 * HOUR + 2 * 60_000));
  let gw: TestGateway;
  let receiver: Receiver;
  beforeAll(async () => {
    gw = await startTestGateway({ clock });
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await gw.close();
    await receiver.close();
  });

  async function testAndReceive(endpointId: string) {
    const res = await gw.api.post(`/api/v2/webhooks/${endpointId}/test`);
    await receiver.until(() => receiver.received.some((r) => r.id === res.body.webhookId));
    return receiver.received.find((r) => r.id === res.body.webhookId)!;
  }

  it('signs with both secrets for 24 h, then with the new one only', async () => {
    const { body: endpoint } = await gw.api.post('/api/v2/webhooks', { url: receiver.url, events: [] });
    const rotated = await gw.api.post(`/api/v2/webhooks/${endpoint.id}/rotate-secret`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(endpoint.secret);
    expect(rotated.body.secretLast4).toBe(rotated.body.secret.slice(-4));
    expect(Date.parse(rotated.body.previousSecretExpiresAt)).toBe(clock.now().getTime() + 24 * HOUR);
    receiver.setSecrets([endpoint.secret, rotated.body.secret]);

    clock.set(new Date());
    const during = await testAndReceive(endpoint.id);
    expect(during.signature.split(' ')).toHaveLength(2);
    expect(during.verifiedWith.sort()).toEqual([endpoint.secret, rotated.body.secret].sort());

    clock.set(new Date(Date.now() + 3 * 60_000));
    const after = await testAndReceive(endpoint.id);
    expect(after.signature.split(' ')).toHaveLength(1);
    expect(after.verifiedWith).toEqual([rotated.body.secret]);
    expect((await gw.api.get(`/api/v2/webhooks/${endpoint.id}`)).body.previousSecretExpiresAt).toBeNull();
  });
});

describe('SSRF refusals (private networks not allowed)', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    // `rebind.test` passes the submit-time checks and resolves to loopback when dialled.
    const hostLookup: HostLookup = async (hostname) => {
      if (hostname === 'rebind.test') return [{ address: '127.0.0.1', family: 4 }];
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    };
    gw = await startTestGateway({ env: { OG_ALLOW_PRIVATE_NETWORK: 'false' }, hostLookup });
  });
  afterAll(() => gw.close());

  it.each([
    ['an IPv4 literal', 'https://127.0.0.1/hook'],
    ['a public IP literal', 'https://8.8.8.8/hook'],
    ['an IPv6 literal', 'https://[::1]/hook'],
    ['a decimal IPv4 spelling', 'https://2130706433/hook'],
    ['localhost', 'https://localhost/hook'],
    ['the metadata host name', 'https://metadata.google.internal/computeMetadata'],
    ['the metadata address', 'https://169.254.169.254/latest/meta-data'],
    ['a non-default port', 'https://example.com:8443/hook'],
    ['userinfo', 'https://user:secret@example.com/hook'],
    ['plain http', 'http://example.com/hook'],
  ])('refuses %s at submit', async (_name, url) => {
    const res = await gw.api.post('/api/v2/webhooks', { url, events: ['*'] });
    expect(res.status).toBe(400);
    expect(res.body.details.issues[0].path).toBe('body.url');
  });

  it('refuses a name that resolves to 127.0.0.1 at dial time, without following up', async () => {
    const { body: endpoint } = await gw.api.post('/api/v2/webhooks', { url: 'https://rebind.test/hook', events: [] });
    const test = await gw.api.post(`/api/v2/webhooks/${endpoint.id}/test`);
    const d = await eventually(async () => {
      const got = (await gw.api.get(`/api/v2/webhooks/deliveries/${test.body.id}`)).body;
      return got.status === 'pending' ? null : got;
    });
    expect(d.status).toBe('dropped');
    expect(d.lastError).toMatch(/non-public address/);
    expect(d.attempts).toHaveLength(1);
    expect(d.attempts[0].responseStatus).toBeNull();
  });
});

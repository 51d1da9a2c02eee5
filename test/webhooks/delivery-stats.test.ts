import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';
import { eventually, startReceiver } from './support/receiver.ts';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway({ env: { OG_RETRY_SCHEDULE: '0,0.2,0.2,0.2' } });
});
afterAll(() => gw.close());

describe('GET /api/v2/webhooks/delivery-stats', () => {
  it('counts attempts by outcome with latency percentiles, and the backlog', async () => {
    const empty = await gw.api.get('/api/v2/webhooks/delivery-stats');
    expect(empty.status).toBe(200);
    expect(empty.body).toMatchObject({ object: 'webhook_delivery_stats', window: '1h', bucketSeconds: 60, pending: 0, retrying: 0, sampled: false });
    expect(empty.body.totals).toEqual({ attempts: 0, delivered: 0, retry: 0, failed: 0, dropped: 0, p50LatencyMs: null, p99LatencyMs: null });
    expect(empty.body.buckets.length).toBeGreaterThanOrEqual(60);

    // Fails twice, then succeeds: two retries and one delivery.
    const receiver = await startReceiver({ respond: (_r, nth) => ({ status: nth <= 2 ? 500 : 200 }) });
    const endpoint = await gw.api.post('/api/v2/webhooks', { url: receiver.url, events: ['webhook.*'] });
    const test = await gw.api.post(`/api/v2/webhooks/${endpoint.body.id}/test`, {});
    await eventually(async () => (await gw.api.get(`/api/v2/webhooks/deliveries/${test.body.id}`)).body.status === 'delivered' || null);
    const stats = await gw.api.get('/api/v2/webhooks/delivery-stats?window=1h');
    expect(stats.body.totals).toMatchObject({ attempts: 3, delivered: 1, retry: 2, failed: 0, dropped: 0 });
    expect(stats.body.totals.p50LatencyMs).toBeGreaterThanOrEqual(0);
    expect(stats.body.totals.p99LatencyMs).toBeGreaterThanOrEqual(stats.body.totals.p50LatencyMs);
    const busiest = stats.body.buckets.filter((b: { delivered: number; retry: number }) => b.delivered + b.retry > 0);
    expect(busiest.reduce((n: number, b: { delivered: number; retry: number }) => n + b.delivered + b.retry, 0)).toBe(3);
    const day = await gw.api.get('/api/v2/webhooks/delivery-stats?window=24h');
    expect(day.body).toMatchObject({ window: '24h', bucketSeconds: 900 });
    expect(day.body.totals.attempts).toBe(3);
  });

  it('refuses an unknown window and a key without admin', async () => {
    const bad = await gw.api.get('/api/v2/webhooks/delivery-stats?window=2h');
    expect([bad.status, bad.body.code]).toEqual([400, 'VALIDATION_ERROR']);
    const reader = await gw.api.post('/api/v2/api-keys', { name: 'reader', scopes: ['read'] });
    expect((await gw.api.get('/api/v2/webhooks/delivery-stats', { key: reader.body.key })).status).toBe(403);
  });
});

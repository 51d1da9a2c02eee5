import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';

// Address rules at submit time (the outbound client and the SMTP resolver check again
// when they dial): without OG_ALLOW_PRIVATE_NETWORK no loopback, private or metadata host.

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway({ env: { OG_ALLOW_PRIVATE_NETWORK: 'false' } });
});
afterAll(async () => {
  await gw?.close();
});

const base = { channel: 'email', name: 'n', displayName: 'd', email: 'a@b.example' };

describe('sender addresses', () => {
  it.each([
    [{ smtp: { host: '127.0.0.1', port: 25 } }],
    [{ smtp: { host: 'localhost', port: 25 } }],
    [{ smtp: { host: '169.254.169.254', port: 25 } }],
    [{ smtp: { host: 'metadata.google.internal', port: 25 } }],
    [{ http: { url: 'http://provider.example/send' } }],
    [{ http: { url: 'https://10.0.0.8/send' } }],
  ])('refuses %j', async (transport) => {
    const res = await gw.api.post('/api/v2/senders', { ...base, ...transport });
    expect(res.status).toBe(400);
  });

  it('accepts a public host', async () => {
    const res = await gw.api.post('/api/v2/senders', { ...base, smtp: { host: 'smtp.example.com', port: 587 } });
    expect(res.status).toBe(201);
    expect(res.body).not.toHaveProperty('secret');
  });
});

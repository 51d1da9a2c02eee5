import { readFileSync } from 'node:fs';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { renderSpecTypes } from '../../scripts/render-spec-types.ts';
import { generateSecret, signedHeaders } from '../outbound/signing.ts';
import { createClient, verifyWebhook, WebhookVerificationError, type WebhookEvent } from './index.ts';

const now = () => Math.floor(Date.now() / 1000);
const envelope = JSON.stringify({
  type: 'webhook.test',
  id: 'evt_1',
  timestamp: new Date().toISOString(),
  data: { triggered_by: 'dashboard', triggered_at: new Date().toISOString(), message: 'hi' },
});

describe('verifyWebhook', () => {
  it('accepts what the gateway signs and returns the typed envelope', () => {
    const secret = generateSecret();
    const event: WebhookEvent = verifyWebhook(secret, envelope, signedHeaders([secret], 'evt_1', now(), envelope));
    expect(event.type).toBe('webhook.test');
    if (event.type === 'webhook.test') expect(event.data.message).toBe('hi');
  });

  it('takes Node header objects and fetch Headers alike', () => {
    const secret = generateSecret();
    const signed = signedHeaders([secret], 'evt_1', now(), envelope);
    expect(verifyWebhook(secret, Buffer.from(envelope), new Headers({ ...signed })).id).toBe('evt_1');
    expect(verifyWebhook(secret, envelope, { ...signed, 'webhook-signature': [signed['webhook-signature']] }).id).toBe('evt_1');
    const node: IncomingHttpHeaders = { ...signed, host: 'localhost' };
    expect(verifyWebhook(secret, envelope, node).id).toBe('evt_1');
    expect(
      verifyWebhook(secret, envelope, {
        'Webhook-Id': signed['webhook-id'],
        'Webhook-Timestamp': signed['webhook-timestamp'],
        'Webhook-Signature': signed['webhook-signature'],
      }).id,
    ).toBe('evt_1');
  });

  it('refuses a tampered body, a wrong secret, a stale timestamp and missing headers', () => {
    const secret = generateSecret();
    const signed = signedHeaders([secret], 'evt_1', now(), envelope);
    expect(() => verifyWebhook(secret, envelope.replace('hi', 'ho'), signed)).toThrow(WebhookVerificationError);
    expect(() => verifyWebhook(generateSecret(), envelope, signed)).toThrow(WebhookVerificationError);
    expect(() => verifyWebhook(secret, envelope, signedHeaders([secret], 'evt_1', now() - 3600, envelope))).toThrow(WebhookVerificationError);
    expect(() => verifyWebhook(secret, envelope, {})).toThrow(WebhookVerificationError);
    expect(() => verifyWebhook([], envelope, signed)).toThrow(WebhookVerificationError);
  });

  it('accepts any of several secrets (a rotation overlap)', () => {
    const [old, fresh] = [generateSecret(), generateSecret()];
    const signedWithNew = signedHeaders([fresh], 'evt_1', now(), envelope);
    expect(verifyWebhook([old, fresh], envelope, signedWithNew).type).toBe('webhook.test');
    expect(() => verifyWebhook([old], envelope, signedWithNew)).toThrow(WebhookVerificationError);
  });
});

describe('the client types', () => {
  it("match the committed callers' flavour (run `npm run gen` after editing the spec)", async () => {
    const committed = readFileSync(new URL('../generated/openapi-client.ts', import.meta.url), 'utf8');
    expect(await renderSpecTypes({ forClients: true })).toBe(committed);
  });
});

// The README's usage, kept compiling by `tsc --noEmit` (never run).
export async function readmeUsage(rawBody: string, req: IncomingMessage) {
  const og = createClient({ baseUrl: 'http://127.0.0.1:8080', apiKey: process.env.OG_API_KEY });
  const { data, error } = await og.GET('/api/v2/events', { params: { query: { type: 'sequence.*', limit: 50 } } });
  await og.POST('/api/v2/webhooks', { body: { url: 'https://example.com/hooks', events: ['table.*'] } });
  const event: WebhookEvent = verifyWebhook(process.env.WEBHOOK_SECRET!, rawBody, req.headers);
  if (event.type === 'table.run.completed') return [event.data.table_id, event.data.status, data, error];
  return [];
}

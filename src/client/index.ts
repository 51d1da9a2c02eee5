import createFetchClient, { type Client } from 'openapi-fetch';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import type { components, operations, paths, webhooks } from '../generated/openapi-client.ts';

// The typed client of `og-gateway/client`: openapi-fetch over the types generated from
// openapi.yaml (the callers' flavour, where fields the gateway defaults are optional), so
// every path, parameter and answer (published operations and the gateway's own) is
// checked at compile time, and verifyWebhook for receivers.

export type { components, operations, paths, webhooks };
export { Webhook, WebhookVerificationError };

export interface GatewayClientOptions {
  /** The gateway's origin, e.g. `http://127.0.0.1:8080` (paths carry `/api/v2`). */
  baseUrl: string;
  /** An `og_live_…` key; sent as `Authorization: Bearer`. */
  apiKey?: string;
  /** Per-request deadline unless the call passes its own `signal` (default 30 s). */
  timeoutMs?: number;
  headers?: Record<string, string>;
  fetch?: (input: Request) => Promise<Response>;
}

export type GatewayClient = Client<paths>;

/**
 * A client for every operation of the gateway:
 * `const { data, error } = await og.GET('/api/v2/events', { params: { query: { type: 'sequence.*' } } })`.
 */
export function createClient(opts: GatewayClientOptions): GatewayClient {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const base = opts.fetch ?? ((input: Request) => globalThis.fetch(input));
  return createFetchClient<paths>({
    baseUrl: opts.baseUrl.replace(/\/+$/, ''),
    headers: { ...(opts.apiKey ? { authorization: `Bearer ${opts.apiKey}` } : {}), ...opts.headers },
    // A request without a deadline of its own gets one: a gateway that stops answering
    // must not hang the caller.
    fetch: (input) => base(new Request(input, { signal: AbortSignal.any([input.signal, AbortSignal.timeout(timeoutMs)]) })),
  });
}

type EnvelopeOf<K extends keyof webhooks> = webhooks[K] extends { post: { requestBody?: { content: { 'application/json': infer B } } } } ? B : never;

/** Every envelope a webhook delivery (or the events API) carries, discriminated by `type`. */
export type WebhookEvent = { [K in keyof webhooks]: EnvelopeOf<K> }[keyof webhooks];
export type WebhookEventType = keyof webhooks;

type HeaderValue = string | readonly string[] | undefined;
/** Fetch `Headers`, Node's `req.headers`, or any object with the three headers (any case). */
export type WebhookHeaders =
  | Headers
  | { readonly [name: string]: HeaderValue }
  | { readonly 'webhook-id'?: HeaderValue; readonly 'webhook-timestamp'?: HeaderValue; readonly 'webhook-signature'?: HeaderValue };

function standardHeaders(headers: WebhookHeaders): Record<string, string> {
  const plain = headers instanceof Headers ? null : Object.entries(headers as Record<string, HeaderValue>);
  const get = (name: string): string => {
    if (headers instanceof Headers) return headers.get(name) ?? '';
    const v = plain!.find(([k]) => k.toLowerCase() === name)?.[1];
    return typeof v === 'string' ? v : (v ?? []).join(' ');
  };
  return { 'webhook-id': get('webhook-id'), 'webhook-timestamp': get('webhook-timestamp'), 'webhook-signature': get('webhook-signature') };
}

/**
 * Verifies a delivery with the stock `standardwebhooks` verifier (signature over the raw
 * body, timestamp within 5 minutes) and returns the parsed envelope. `secret` may be a
 * list: during a rotation a receiver can accept either secret. Throws
 * WebhookVerificationError when no secret verifies it. Pass the body exactly as received.
 */
export function verifyWebhook(secret: string | readonly string[], payload: string | Uint8Array, headers: WebhookHeaders): WebhookEvent {
  const secrets = typeof secret === 'string' ? [secret] : [...secret];
  if (secrets.length === 0) throw new WebhookVerificationError('No secret to verify with');
  const standard = standardHeaders(headers);
  let last: unknown;
  for (const s of secrets) {
    try {
      return new Webhook(s).verify(payload, standard) as WebhookEvent;
    } catch (err) {
      last = err;
    }
  }
  throw last;
}

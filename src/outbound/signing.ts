import { createHmac, createSecretKey, randomBytes, timingSafeEqual, type KeyObject } from 'node:crypto';

// Standard Webhooks: HMAC-SHA256 over `{id}.{timestamp}.{body}`, keyed with the
// base64-decoded part of a `whsec_` secret, sent as `v1,<base64>`; several secrets
// (during a rotation) give several space-separated entries. Every signed outbound call
// uses it (webhook deliveries, agent workers, enrichment, http providers, `listen`), and
// inbound triggers verify with it; so it lives beside the one outbound HTTP client.

export const SECRET_PREFIX = 'whsec_';

export function generateSecret(random: (n: number) => Buffer = randomBytes): string {
  return `${SECRET_PREFIX}${random(24).toString('base64')}`;
}

export const MIN_SECRET_BYTES = 24;
export const MAX_SECRET_BYTES = 64;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Why a caller-provided secret cannot sign, or null: it must be `whsec_` and the
 * canonical base64 of 24 to 64 bytes (what Standard Webhooks libraries decode). The
 * message never contains the secret, so errors and logs cannot leak it.
 */
export function secretProblem(secret: string): string | null {
  const rule = `must be ${SECRET_PREFIX} followed by the base64 of ${MIN_SECRET_BYTES} to ${MAX_SECRET_BYTES} random bytes`;
  if (!secret.startsWith(SECRET_PREFIX)) return `${rule} (the ${SECRET_PREFIX} prefix is missing)`;
  const encoded = secret.slice(SECRET_PREFIX.length);
  if (!BASE64.test(encoded)) return `${rule} (not valid padded base64)`;
  const bytes = Buffer.from(encoded, 'base64').length;
  if (bytes < MIN_SECRET_BYTES || bytes > MAX_SECRET_BYTES) return `${rule} (it decodes to ${bytes} bytes)`;
  return null;
}

// An HMAC keyed with a prepared key object costs less than half of one keyed with raw
// bytes (decoded and imported on every call); every attempt signs, so the few secrets in
// use are kept prepared. Bounded: cleared whole when it grows past what any gateway uses.
const MAX_PREPARED = 1_000;
const prepared = new Map<string, KeyObject>();

function secretKey(secret: string): KeyObject {
  let key = prepared.get(secret);
  if (!key) {
    if (prepared.size >= MAX_PREPARED) prepared.clear();
    key = createSecretKey(Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, 'base64'));
    prepared.set(secret, key);
  }
  return key;
}

export function sign(secret: string, id: string, timestampSeconds: number, body: string | Buffer): string {
  const mac = createHmac('sha256', secretKey(secret));
  mac.update(`${id}.${timestampSeconds}.`);
  mac.update(body);
  return `v1,${mac.digest('base64')}`;
}

export interface SignedHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

export function signedHeaders(secrets: string[], id: string, timestampSeconds: number, body: string | Buffer): SignedHeaders {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': secrets.map((s) => sign(s, id, timestampSeconds, body)).join(' '),
  };
}

/** Verifies a Standard Webhooks signature header (inbound triggers, callbacks) in constant time. */
export function verify(
  secret: string,
  headers: { id?: string; timestamp?: string; signature?: string },
  body: string | Buffer,
  opts: { nowSeconds: number; toleranceSeconds?: number },
): boolean {
  const { id, timestamp, signature } = headers;
  if (!id || !timestamp || !signature || !/^\d+$/.test(timestamp)) return false;
  if (Math.abs(opts.nowSeconds - Number(timestamp)) > (opts.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(sign(secret, id, Number(timestamp), body));
  return signature.split(' ').some((candidate) => {
    const given = Buffer.from(candidate);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

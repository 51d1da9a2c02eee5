import { createHmac, timingSafeEqual } from 'node:crypto';
import { verify as verifyStandardWebhook } from '../outbound/signing.ts';

// Sender verification on the raw request bytes, before anything is parsed into effect.

export type Verification =
  | { type: 'standard-webhooks'; secret: string }
  | { type: 'hmac'; header: string; algorithm: 'sha256' | 'sha1'; encoding: 'hex' | 'base64'; prefix: string | null; secret: string };

type Headers = Record<string, string | string[] | undefined>;

const first = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

function verifyHmac(v: Extract<Verification, { type: 'hmac' }>, headers: Headers, rawBody: Buffer): boolean {
  const given = first(headers[v.header.toLowerCase()])?.trim();
  if (!given) return false;
  const digest = createHmac(v.algorithm, v.secret).update(rawBody).digest(v.encoding);
  const expected = Buffer.from(`${v.prefix ?? ''}${digest}`);
  const candidate = Buffer.from(given);
  // Hex digests are case-insensitive on the wire; compare the lower-cased form.
  const a = v.encoding === 'hex' ? Buffer.from(candidate.toString().toLowerCase()) : candidate;
  const b = v.encoding === 'hex' ? Buffer.from(expected.toString().toLowerCase()) : expected;
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Whether the request carries a valid signature from the trigger's sender. */
export function verifySender(v: Verification | null, headers: Headers, rawBody: Buffer, nowSeconds: number): boolean {
  if (!v) return true;
  if (v.type === 'hmac') return verifyHmac(v, headers, rawBody);
  return verifyStandardWebhook(
    v.secret,
    { id: first(headers['webhook-id']), timestamp: first(headers['webhook-timestamp']), signature: first(headers['webhook-signature']) },
    rawBody,
    { nowSeconds },
  );
}

// Headers never kept with a stored request: credentials of any kind. Signatures stay
// (they are derived values, and useful when a sender's signing is being debugged).
const SECRET_HEADERS = /^(authorization|proxy-authorization|cookie|x-api-key)$|token|secret|password|api[-_]?key/i;

export function storableHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || SECRET_HEADERS.test(name)) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

import { createHash } from 'node:crypto';
import type { Context, Middleware } from 'koa';
import type { AuthContext } from '../../domain/api-keys/api-key-service.ts';
import { idempotencyError, validationError } from '../../domain/errors.ts';
import type { Clock } from '../../domain/shared/clock.ts';
import type { IdGenerator } from '../../domain/shared/ids.ts';
import { toErrorResponse } from '../error-response.ts';
import type { IdempotencyStore, RecordedResponse } from '../idempotency/idempotency-store.ts';
import { withoutSecrets } from '../openapi/secret-fields.ts';

const KEY_RE = /^[\x21-\x7e]{1,255}$/;
const TTL_MS = 24 * 60 * 60 * 1000;
const REPLAYED_HEADERS = ['content-type', 'location', 'retry-after'];

/** What makes two requests "the same request" for one key: method, path with query, body bytes. */
export function requestFingerprint(method: string, pathWithQuery: string, raw: Buffer): string {
  return createHash('sha256').update(`${method} ${pathWithQuery}\n`).update(raw).digest('hex');
}

const fingerprint = (ctx: Context): string => requestFingerprint(ctx.method, ctx.url, (ctx.state.rawBody as Buffer | undefined) ?? Buffer.alloc(0));

// A recorded response never holds a secret shown once: a replay answers the same
// resource without it (a secret kept here would sit in the store for 24 h, and be shown
// again to anyone replaying the key).
function capture(ctx: Context, secretPaths: string[]): RecordedResponse {
  const headers: Record<string, string> = {};
  for (const name of REPLAYED_HEADERS) {
    const value = ctx.response.get(name);
    if (value) headers[name] = value;
  }
  return { status: ctx.status, headers, body: ctx.body === undefined ? '' : JSON.stringify(withoutSecrets(ctx.body, secretPaths)) };
}

// An answer that asks to be retried later (an error with Retry-After: a claim another
// attempt holds, contention, a concurrency limit) is no answer to the request: recorded,
// it would be replayed for 24 h to the very retry it asks for.
const retryLater = (status: number, retryAfter: string | undefined) => status >= 500 || (status >= 400 && Boolean(retryAfter));

/**
 * The first response to a key is kept for 24 h and replayed, less the
 * secrets it showed once (`secretPaths`, from the spec's `x-og-secret`); another
 * request under the same key, or a retry while the first runs, is a 409. 5xx answers,
 * and errors that say when to retry, are not recorded, so the retry runs again; it runs
 * under the ids of the first attempt (`ids.within`), so a create of the first that took
 * effect unseen collides with the retry's and is answered instead of made twice.
 */
export function idempotency(deps: { store: IdempotencyStore; clock: Clock; ids?: IdGenerator; lockMs?: number; secretPaths: string[] }): Middleware {
  const lockMs = deps.lockMs ?? 60_000;
  // A 5xx releases its claim so the client's retry runs at once. When the store is what
  // failed, the release fails too: it is tried again in the background (about once a
  // second, for as long as the lock would hold), or the retry would wait for the lock.
  async function release(orgId: string, key: string): Promise<void> {
    const retry = (left: number) => {
      if (left <= 0) return;
      setTimeout(() => deps.store.abandon(orgId, key).catch(() => retry(left - 1)), 1_000).unref();
    };
    try {
      await deps.store.abandon(orgId, key);
    } catch {
      retry(Math.ceil(lockMs / 1_000));
    }
  }

  return async (ctx, next) => {
    const key = ctx.get('idempotency-key');
    if (!key || ctx.method !== 'POST') return next();
    if (!KEY_RE.test(key)) throw validationError('Idempotency-Key must be 1-255 printable ASCII characters');
    const { orgId } = ctx.state.auth as AuthContext;
    let begun;
    try {
      begun = await deps.store.begin(orgId, key, fingerprint(ctx), { now: deps.clock.now(), lockMs, ttlMs: TTL_MS });
    } catch (err) {
      // The claim may have been stored although its answer was lost.
      if (toErrorResponse(err).status >= 500) void release(orgId, key);
      throw err;
    }
    if (begun.state === 'mismatch') throw idempotencyError('This Idempotency-Key was used with a different request');
    if (begun.state === 'in_flight') throw idempotencyError('A request with this Idempotency-Key is still in progress');
    if (begun.state === 'replay') {
      ctx.status = begun.response.status;
      for (const [name, value] of Object.entries(begun.response.headers)) ctx.set(name, value);
      ctx.set('idempotency-replay', 'true');
      ctx.body = begun.response.body === '' ? undefined : JSON.parse(begun.response.body);
      return;
    }
    const scope = begun.scope;
    try {
      await (scope && deps.ids ? deps.ids.within(scope, next) : next());
    } catch (err) {
      const response = toErrorResponse(err);
      if (retryLater(response.status, response.headers['retry-after'])) {
        await release(orgId, key);
        throw err;
      }
      await deps.store.complete(orgId, key, {
        status: response.status,
        headers: { 'content-type': 'application/json; charset=utf-8', ...response.headers },
        body: JSON.stringify(response.body),
      });
      throw err;
    }
    if (retryLater(ctx.status, ctx.response.get('retry-after'))) await release(orgId, key);
    else await deps.store.complete(orgId, key, capture(ctx, deps.secretPaths));
  };
}

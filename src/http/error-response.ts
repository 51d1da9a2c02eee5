import { idempotencyError, isApiError, validationError } from '../domain/errors.ts';
import { AlreadyStoredError } from '../domain/shared/already-stored.ts';
import { InvalidCursorError, isStoreUnavailable, STORE_RETRY_AFTER_SECONDS, WriteOutcomeUnknownError } from '../storage/store-errors.ts';

export interface ErrorResponse {
  status: number;
  headers: Record<string, string>;
  body: { error: string; code: string; details?: Record<string, unknown>; [extra: string]: unknown };
}

/**
 * The database could not be reached, or did not confirm a write: the request may be
 * retried. Nothing was acknowledged, so a retry (with the same Idempotency-Key, or the
 * same webhook-id on a trigger URL) cannot do the work twice.
 */
export function storeUnavailableResponse(err?: unknown): ErrorResponse {
  const retryAfter = (err as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds ?? STORE_RETRY_AFTER_SECONDS;
  const error =
    err instanceof WriteOutcomeUnknownError
      ? `The database did not confirm the write; retry in ${retryAfter} s`
      : `The database is unavailable; retry in ${retryAfter} s`;
  return { status: 503, headers: { 'retry-after': String(retryAfter) }, body: { error, code: 'SERVICE_UNAVAILABLE' } };
}

// Typed storage errors that are the client's doing, in the envelope of the domain error
// they amount to.
const invalidCursor = () => validationError('Invalid cursor', { in: 'query', issues: [{ path: 'query.cursor', message: 'is not a cursor this list issued' }] });

/** The only shape an error leaves the gateway in. Unexpected errors say nothing internal. */
export function toErrorResponse(err: unknown): ErrorResponse {
  if (err instanceof InvalidCursorError) return toErrorResponse(invalidCursor());
  // A retry met what its first attempt stored, on a path that cannot answer it whole.
  if (err instanceof AlreadyStoredError)
    return toErrorResponse(idempotencyError('An earlier attempt of this request already stored part of its work; read the resource instead of retrying'));
  if (isApiError(err)) {
    const body: ErrorResponse['body'] = { error: err.message, code: err.code, ...(err.extra ?? {}) };
    if (err.details) body.details = err.details;
    return { status: err.status, headers: err.headers ?? {}, body };
  }
  if (isStoreUnavailable(err)) return storeUnavailableResponse(err);
  return { status: 500, headers: {}, body: { error: 'Internal server error', code: 'INTERNAL_ERROR' } };
}

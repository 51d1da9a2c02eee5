import { isApiError } from '../domain/errors.ts';

export interface ErrorResponse {
  status: number;
  headers: Record<string, string>;
  body: { error: string; code: string; details?: Record<string, unknown>; [extra: string]: unknown };
}

/** The only shape an error leaves the gateway in. Unexpected errors say nothing internal. */
export function toErrorResponse(err: unknown): ErrorResponse {
  if (isApiError(err)) {
    const body: ErrorResponse['body'] = { error: err.message, code: err.code, ...(err.extra ?? {}) };
    if (err.details) body.details = err.details;
    return { status: err.status, headers: err.headers ?? {}, body };
  }
  return { status: 500, headers: {}, body: { error: 'Internal server error', code: 'INTERNAL_ERROR' } };
}

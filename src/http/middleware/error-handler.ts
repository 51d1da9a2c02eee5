import type { Context, Middleware } from 'koa';
import type { Logger } from 'pino';
import { isApiError, routeNotFound } from '../../domain/errors.ts';
import { StoreUnavailableError } from '../../storage/store-errors.ts';
import { toErrorResponse } from '../error-response.ts';

// Koa serialises an object body after the middleware has returned, where an error (a
// BigInt, a cycle) would escape the envelope as a plain-text 500. Serialising here keeps
// it inside; Koa then sends the string as it is, so nothing is stringified twice.
// Only plain objects and arrays: Koa sends buffers, streams, Blobs and Responses itself.
function serializeJsonBody(ctx: Context): void {
  const body: unknown = ctx.body;
  if (body === null || typeof body !== 'object') return;
  const proto = Object.getPrototypeOf(body);
  if (Array.isArray(body) || proto === Object.prototype || proto === null) ctx.body = JSON.stringify(body);
}

/** Turns every thrown error into the contract's envelope; logs only what is not the client's fault. */
export function errorHandler(deps: { logger: Logger }): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) throw routeNotFound();
      serializeJsonBody(ctx);
    } catch (err) {
      const response = toErrorResponse(err);
      if (response.status === 503 && !isApiError(err)) {
        // An outage the store monitor already reported is not logged once per request.
        if (!(err instanceof StoreUnavailableError && err.known))
          deps.logger.warn({ err, requestId: ctx.state.requestId, operationId: ctx.state.operationId }, 'database unavailable');
      } else if (!isApiError(err) && response.status >= 500) {
        deps.logger.error({ err, requestId: ctx.state.requestId, operationId: ctx.state.operationId }, 'unhandled error');
      }
      ctx.status = response.status;
      for (const [name, value] of Object.entries(response.headers)) ctx.set(name, value);
      ctx.body = response.body;
    }
  };
}

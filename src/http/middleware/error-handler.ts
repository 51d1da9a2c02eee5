import type { Middleware } from 'koa';
import type { Logger } from 'pino';
import { isApiError, routeNotFound } from '../../domain/errors.ts';
import { toErrorResponse } from '../error-response.ts';

/** Turns every thrown error into the contract's envelope; logs only what is not the client's fault. */
export function errorHandler(deps: { logger: Logger }): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) throw routeNotFound();
    } catch (err) {
      const response = toErrorResponse(err);
      if (!isApiError(err)) {
        deps.logger.error({ err, requestId: ctx.state.requestId, operationId: ctx.state.operationId }, 'unhandled error');
      }
      ctx.status = response.status;
      for (const [name, value] of Object.entries(response.headers)) ctx.set(name, value);
      ctx.body = response.body;
    }
  };
}

import type { Middleware } from 'koa';
import type { Logger } from 'pino';
import type { Metrics } from '../../observability/metrics.ts';

/** One log line and one metrics sample per request, kept apart from producing the response. */
export function accessLog(deps: { logger: Logger; metrics: Metrics }): Middleware {
  return async (ctx, next) => {
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const operationId = (ctx.state.operationId as string | undefined) ?? 'unmatched';
      deps.metrics.observeRequest(operationId, ctx.status, seconds);
      deps.logger.info(
        { requestId: ctx.state.requestId, method: ctx.method, path: ctx.path, status: ctx.status, operationId, ms: Math.round(seconds * 1e4) / 10 },
        'request',
      );
    }
  };
}

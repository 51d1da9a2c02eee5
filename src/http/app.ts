import Router from '@koa/router';
import Koa from 'koa';
import type { Logger } from 'pino';
import { methodNotAllowed, notImplemented } from '../domain/errors.ts';
import type { IdGenerator } from '../domain/shared/ids.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { HandlerMap } from './handler-types.ts';
import { consoleAssets, type ConsoleAssetsOptions } from './console/console-assets.ts';
import { accessLog } from './middleware/access-log.ts';
import { errorHandler } from './middleware/error-handler.ts';
import { requestId } from './middleware/request-id.ts';
import { storeGuard } from './middleware/store-guard.ts';
import type { StoreAvailability } from '../storage/store-health.ts';
import { createRequestValidators } from './openapi/request-validator.ts';
import { listOperations, type OpenApiDocument } from './openapi/spec.ts';
import { mountOperations, type OperationDeps } from './operations.ts';

export interface HttpAppOptions {
  doc: OpenApiDocument;
  handlers: HandlerMap;
  operationDeps: OperationDeps;
  logger: Logger;
  metrics: Metrics;
  ids: IdGenerator;
  trustProxy: boolean;
  /** When given, requests fail fast with 503 while the store is known to be down. */
  store?: StoreAvailability;
  /** The console's static files, served at `/console` (none when absent). */
  console?: ConsoleAssetsOptions;
}

// Answered whatever the store's state: they report it.
const STORE_INDEPENDENT = new Set(['/healthz', '/readyz', '/metrics']);

/** The Koa app: a small fixed core, then every operation of the spec. */
export function createHttpApp(opts: HttpAppOptions): Koa {
  const app = new Koa({ proxy: opts.trustProxy });
  app.silent = true;
  const ops = listOperations(opts.doc);
  // TRACE is a method HTTP defines that no route allows: `405` with `Allow`, like any
  // other method the path does not take (`501` stays for methods HTTP does not define).
  const router = new Router({ methods: ['HEAD', 'OPTIONS', 'GET', 'PUT', 'PATCH', 'POST', 'DELETE', 'TRACE'] });
  mountOperations(router, ops, createRequestValidators(opts.doc, ops), opts.handlers, opts.operationDeps);
  app.use(requestId({ ids: opts.ids }));
  app.use(accessLog({ logger: opts.logger, metrics: opts.metrics }));
  app.use(errorHandler({ logger: opts.logger }));
  // The router answers 405 and 501 with an `Allow` header but no body (thrown, it would
  // drop the header): the envelope is added here, keeping the header.
  app.use(async (ctx, next) => {
    await next();
    if (ctx.body !== undefined) return;
    if (ctx.status === 405) throw methodNotAllowed();
    if (ctx.status === 501) throw notImplemented();
  });
  // Static files need no store: the console loads (and shows the API's 503) during an outage.
  if (opts.console) app.use(consoleAssets(opts.console));
  if (opts.store) app.use(storeGuard({ store: opts.store, exempt: (ctx) => STORE_INDEPENDENT.has(ctx.path) }));
  app.use(router.routes());
  app.use(router.allowedMethods());
  return app;
}

import type Router from '@koa/router';
import type { Context, Middleware } from 'koa';
import { operationNotServed } from '../domain/errors.ts';
import type { ApiKeyService } from '../domain/api-keys/api-key-service.ts';
import type { PortalSessionService } from '../domain/portal-sessions/portal-session-service.ts';
import type { Clock } from '../domain/shared/clock.ts';
import type { IdGenerator } from '../domain/shared/ids.ts';
import type { Handler, HandlerMap, HandlerOutput, OperationId } from './handler-types.ts';
import type { IdempotencyStore } from './idempotency/idempotency-store.ts';
import { authenticate } from './middleware/authenticate.ts';
import { idempotency } from './middleware/idempotency.ts';
import { projectHeader } from './middleware/project-header.ts';
import { ipRateLimit, orgRateLimit } from './middleware/rate-limit.ts';
import { readBody } from './middleware/read-body.ts';
import type { RequestValidator, ValidatedRequest } from './openapi/request-validator.ts';
import type { OperationSpec } from './openapi/spec.ts';
import type { RateLimiter } from './rate-limit/rate-limiter.ts';

export interface OperationDeps {
  apiKeys: ApiKeyService;
  /** Console portal sessions, accepted on the operations marked `x-og-portal`. */
  portalSessions?: PortalSessionService;
  limiter: RateLimiter;
  idempotencyStore: IdempotencyStore;
  clock: Clock;
  /** Ids of a request retried under an idempotency claim repeat those of its first attempt. */
  ids?: IdGenerator;
  limits: { ipPerMinute: number; orgPerMinute: number; bodyBytes: number };
}

/** Fails boot when the spec and the handlers disagree: no undocumented route, no unserved operation. */
export function checkHandlerCoverage(ops: OperationSpec[], handlers: HandlerMap): void {
  const specIds = new Set(ops.filter((op) => !op.notServed).map((op) => op.operationId));
  const missing = [...specIds].filter((id) => !(id in handlers));
  const extra = Object.keys(handlers).filter((id) => !specIds.has(id));
  if (missing.length || extra.length) {
    throw new Error(`spec/handler mismatch: no handler for [${missing.join(', ')}]; no operation for [${extra.join(', ')}]`);
  }
}

function applyOutput(ctx: Context, out: HandlerOutput): void {
  ctx.status = out.status;
  for (const [name, value] of Object.entries(out.headers ?? {})) ctx.set(name, value);
  if (out.body !== undefined) ctx.body = out.body;
}

/** Reads and validates the request into ctx.state.input. */
function validate(op: OperationSpec, validator: RequestValidator, bodyBytes: number): Middleware {
  return async (ctx, next) => {
    const body = await readBody(ctx, op.bodyLimitBytes ?? bodyBytes);
    ctx.state.rawBody = body.raw;
    ctx.state.input = validator({
      params: ctx.params as Record<string, string>,
      query: ctx.query,
      headers: ctx.headers,
      body: body.parsed,
      hasBody: body.present,
      raw: body.raw,
      contentType: ctx.get('content-type') || undefined,
    });
    await next();
  };
}

function invoke(op: OperationSpec, handler: Handler<OperationId>): Middleware {
  return async (ctx) => {
    const input = ctx.state.input as ValidatedRequest;
    const out = await handler({
      operationId: op.operationId as OperationId,
      params: input.params as never,
      query: input.query as never,
      body: input.body as never,
      rawBody: ctx.state.rawBody as Buffer,
      headers: ctx.headers,
      auth: ctx.state.auth,
      requestId: ctx.state.requestId as string,
      path: ctx.path,
      ip: ctx.ip,
    });
    applyOutput(ctx, out);
  };
}

/**
 * Mounts every operation of the spec with one chain: limits by address, key and scope,
 * limits by organization, body and validation, idempotency (POST), handler. Idempotency
 * comes after validation, so a rejected body is never recorded.
 */
export function mountOperations(
  router: Router,
  ops: OperationSpec[],
  validators: Map<string, RequestValidator>,
  handlers: HandlerMap,
  deps: OperationDeps,
): void {
  checkHandlerCoverage(ops, handlers);
  for (const op of ops) {
    const chain: Middleware[] = [
      async (ctx, next) => {
        ctx.state.operationId = op.operationId;
        await next();
      },
    ];
    if (op.scope !== 'none') {
      chain.push(
        ipRateLimit({ limiter: deps.limiter, perMinute: deps.limits.ipPerMinute }),
        authenticate({ apiKeys: deps.apiKeys, scope: op.scope, portalSessions: deps.portalSessions, portalArea: op.portalArea }),
        orgRateLimit({ limiter: deps.limiter, perMinute: deps.limits.orgPerMinute }),
      );
    }
    if (op.notServed) {
      // After authentication, so an unauthenticated caller learns nothing, and before
      // validation: there is nothing to validate against.
      chain.push(async () => {
        throw operationNotServed(op.operationId);
      });
      router.register(op.routerPath, [op.method.toUpperCase()], chain);
      continue;
    }
    if (op.scope !== 'none') chain.push(projectHeader());
    chain.push(validate(op, validators.get(op.operationId) as RequestValidator, deps.limits.bodyBytes));
    if (op.scope !== 'none' && op.method === 'post')
      chain.push(idempotency({ store: deps.idempotencyStore, clock: deps.clock, ids: deps.ids, secretPaths: op.secretPaths }));
    chain.push(invoke(op, handlers[op.operationId as OperationId] as Handler<OperationId>));
    router.register(op.routerPath, [op.method.toUpperCase()], chain);
  }
}

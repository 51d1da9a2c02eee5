import type { Middleware } from 'koa';
import type { IdGenerator } from '../../domain/shared/ids.ts';

const ACCEPTABLE = /^[A-Za-z0-9._:-]{1,128}$/;

/** Keeps a caller's x-request-id when it is sane, else mints one; echoed on every response. */
export function requestId(deps: { ids: IdGenerator }): Middleware {
  return async (ctx, next) => {
    const incoming = ctx.get('x-request-id');
    const id = ACCEPTABLE.test(incoming) ? incoming : deps.ids.uuid();
    ctx.state.requestId = id;
    ctx.set('x-request-id', id);
    await next();
  };
}

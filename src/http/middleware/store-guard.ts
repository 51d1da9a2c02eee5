import type { Context, Middleware } from 'koa';
import type { Readable } from 'node:stream';
import { StoreUnavailableError, isStoreUnavailable } from '../../storage/store-errors.ts';
import type { StoreAvailability } from '../../storage/store-health.ts';

const abandoned = Symbol('abandoned');

// A handler the guard stopped waiting for may still finish later; a stream it then
// produced would hold a database cursor open with nobody to read it.
function discardLateBody(ctx: Context): void {
  const body = ctx.body as Readable | undefined;
  if (body && typeof (body as Partial<Readable>).destroy === 'function' && typeof (body as Partial<Readable>).pipe === 'function') body.destroy();
}

/**
 * Fails fast while the store is known to be down: a new request is answered 503 at
 * once, and one already waiting on the store is answered 503 as soon as the outage is
 * detected instead of after the store timeout. The abandoned work runs on; whatever it
 * did was never acknowledged (an idempotency record it completes answers the retry).
 * `exempt` requests (health, readiness, metrics) always run.
 */
export function storeGuard(deps: { store: StoreAvailability; exempt: (ctx: Context) => boolean }): Middleware {
  return async (ctx, next) => {
    if (deps.exempt(ctx)) return next();
    if (!deps.store.isAvailable()) throw new StoreUnavailableError(undefined, { known: true });
    const work = next().catch((err: unknown) => {
      if (isStoreUnavailable(err)) deps.store.report(err);
      throw err;
    });
    let unsubscribe = (): unknown => undefined;
    const outage = new Promise<typeof abandoned>((resolve) => {
      unsubscribe = deps.store.onNextOutage(() => resolve(abandoned));
    });
    const outcome = await Promise.race([work, outage]).finally(() => unsubscribe());
    if (outcome !== abandoned) return;
    work.then(
      () => discardLateBody(ctx),
      () => undefined,
    );
    throw new StoreUnavailableError(undefined, { known: true });
  };
}

import type { Context, Middleware } from 'koa';
import type { AuthContext } from '../../domain/api-keys/api-key-service.ts';
import { rateLimited } from '../../domain/errors.ts';
import type { RateDecision, RateLimiter } from '../rate-limit/rate-limiter.ts';

// The published names: `-IP` per client address, `-Global` per organization. `-Org`
// is the name the organization's headers had before; still sent, as a deprecated alias.
const SUFFIXES = { ip: ['IP'], org: ['Global', 'Org'] } as const;

function setHeaders(ctx: Context, scope: keyof typeof SUFFIXES, d: RateDecision): void {
  for (const suffix of SUFFIXES[scope]) {
    ctx.set(`X-RateLimit-Limit-${suffix}`, String(d.limit));
    ctx.set(`X-RateLimit-Remaining-${suffix}`, String(d.remaining));
    ctx.set(`X-RateLimit-Reset-${suffix}`, String(d.resetAt));
  }
}

async function enforce(ctx: Context, limiter: RateLimiter, key: string, limit: number, scope: keyof typeof SUFFIXES) {
  const decision = await limiter.take(key, limit);
  setHeaders(ctx, scope, decision);
  if (!decision.allowed) throw rateLimited(decision.retryAfterSeconds);
}

/** Per client address, checked before authentication so key guessing is throttled too. */
export function ipRateLimit(deps: { limiter: RateLimiter; perMinute: number }): Middleware {
  return async (ctx, next) => {
    await enforce(ctx, deps.limiter, `ip:${ctx.ip}`, deps.perMinute, 'ip');
    await next();
  };
}

/** Per organization, or per key where the key carries its own limit. */
export function orgRateLimit(deps: { limiter: RateLimiter; perMinute: number }): Middleware {
  return async (ctx, next) => {
    const auth = ctx.state.auth as AuthContext;
    const own = auth.rateLimitPerMinute;
    const key = own ? `key:${auth.keyId}` : `org:${auth.orgId}`;
    await enforce(ctx, deps.limiter, key, own ?? deps.perMinute, 'org');
    await next();
  };
}

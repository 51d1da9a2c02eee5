import type { Middleware } from 'koa';
import type { ApiKeyService } from '../../domain/api-keys/api-key-service.ts';
import { grants, type Scope } from '../../domain/api-keys/scopes.ts';
import { forbidden } from '../../domain/errors.ts';

function bearer(header: string): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

export function authenticate(deps: { apiKeys: ApiKeyService; scope: Scope }): Middleware {
  return async (ctx, next) => {
    const auth = await deps.apiKeys.authenticate(bearer(ctx.get('authorization')));
    if (!grants(auth.scopes, deps.scope)) throw forbidden(`This operation needs the '${deps.scope}' scope`);
    ctx.state.auth = auth;
    await next();
  };
}

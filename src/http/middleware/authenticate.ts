import type { Middleware } from 'koa';
import type { ApiKeyService, AuthContext } from '../../domain/api-keys/api-key-service.ts';
import { grants, type Scope } from '../../domain/api-keys/scopes.ts';
import { forbidden } from '../../domain/errors.ts';
import { isPortalToken, type PortalSessionService } from '../../domain/portal-sessions/portal-session-service.ts';

function bearer(header: string): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

export interface AuthenticateDeps {
  apiKeys: ApiKeyService;
  scope: Scope;
  /** Console portal sessions; without them a portal token is just not a valid key. */
  portalSessions?: PortalSessionService;
  /** The portal area the operation belongs to (`any` for every session); absent: no session may call it. */
  portalArea?: string;
}

async function resolve(deps: AuthenticateDeps, token: string | undefined): Promise<AuthContext> {
  if (!token || !deps.portalSessions || !isPortalToken(token)) return deps.apiKeys.authenticate(token);
  const auth = await deps.portalSessions.authenticate(token);
  const areas = auth.portal?.areas ?? [];
  if (!deps.portalArea || (deps.portalArea !== 'any' && !areas.includes(deps.portalArea))) {
    throw forbidden('A console portal session cannot use this operation');
  }
  return auth;
}

export function authenticate(deps: AuthenticateDeps): Middleware {
  return async (ctx, next) => {
    const auth = await resolve(deps, bearer(ctx.get('authorization')));
    if (!grants(auth.scopes, deps.scope)) throw forbidden(`This operation needs the '${deps.scope}' scope`);
    ctx.state.auth = auth;
    await next();
  };
}

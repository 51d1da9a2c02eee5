import type { AuthContext } from '../../domain/api-keys/api-key-service.ts';
import { grants } from '../../domain/api-keys/scopes.ts';
import type { OrganizationService } from '../../domain/organizations/organization-service.ts';
import type { PortalArea, PortalSessionService } from '../../domain/portal-sessions/portal-session-service.ts';
import type { DeliveryStats } from '../../domain/webhooks/delivery-stats.ts';
import { created, ok, type HandlerMap } from '../handler-types.ts';

// What an API key's scopes open in the console: webhooks and triggers are admin
// operations, the event log needs read.
function keyAreas(auth: AuthContext): PortalArea[] {
  if (grants(auth.scopes, 'admin')) return ['webhooks', 'events', 'triggers'];
  return grants(auth.scopes, 'read') ? ['events'] : [];
}

export function consoleRoutes(deps: { organizations: OrganizationService; portalSessions: PortalSessionService; deliveryStats: DeliveryStats }): HandlerMap {
  return {
    getCurrentCredential: async ({ auth }) => {
      const org = await deps.organizations.get(auth.orgId);
      return ok({
        object: 'credential',
        kind: auth.portal ? 'portal_session' : 'api_key',
        organization: { id: auth.orgId, name: org?.name ?? auth.orgId },
        keyId: auth.portal ? null : auth.keyId,
        scopes: auth.scopes,
        areas: auth.portal ? auth.portal.areas : keyAreas(auth),
        expiresAt: auth.expiresAt?.toISOString() ?? null,
      });
    },
    getWebhookDeliveryStats: async ({ auth, query }) => ok(await deps.deliveryStats.get(auth.orgId, query.window ?? '1h')),
    createPortalSession: async ({ auth, body }) => created(await deps.portalSessions.create(auth.orgId, auth.keyId, body as never)),
  };
}

import { createApiKeyService } from '../domain/api-keys/api-key-service.ts';
import { createOrganizationService, DEFAULT_ORGANIZATION } from '../domain/organizations/organization-service.ts';
import { createPortalSessionService } from '../domain/portal-sessions/portal-session-service.ts';
import type { RandomBytes } from '../domain/shared/ids.ts';
import { createApiKeysRepo } from '../storage/repositories/api-keys-repo.ts';
import { createOrganizationsRepo } from '../storage/repositories/organizations-repo.ts';
import { createPortalSessionsRepo } from '../storage/repositories/portal-sessions-repo.ts';
import type { GatewayModule, ModuleDeps } from './module-deps.ts';

/** Organizations, API keys and portal sessions; start() makes sure OG_BOOTSTRAP_KEY exists. */
export function createKeysModule(deps: Omit<ModuleDeps, 'outbox' | 'scheduler'> & { random?: RandomBytes }) {
  const organizations = createOrganizationService({ store: createOrganizationsRepo(deps.db), ids: deps.ids, clock: deps.clock });
  const apiKeys = createApiKeyService({ store: createApiKeysRepo(deps.db), ids: deps.ids, clock: deps.clock, random: deps.random });
  const portalSessions = createPortalSessionService({
    store: createPortalSessionsRepo(deps.db),
    ids: deps.ids,
    clock: deps.clock,
    random: deps.random,
    publicUrl: deps.config.publicUrl,
  });
  const module: GatewayModule<{ organizations: typeof organizations; apiKeys: typeof apiKeys; portalSessions: typeof portalSessions }> = {
    services: { organizations, apiKeys, portalSessions },
    async start() {
      if (!deps.config.bootstrapKey) return;
      const org = await organizations.ensure(DEFAULT_ORGANIZATION);
      const key = await apiKeys.ensureKey(org.id, deps.config.bootstrapKey, 'bootstrap', ['admin']);
      if (key.revokedAt) deps.logger.warn({ keyId: key.id }, 'OG_BOOTSTRAP_KEY names a revoked key; it stays revoked');
    },
    stop: async () => {},
  };
  return module;
}

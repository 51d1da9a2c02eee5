import type { ApiKeyService } from '../../domain/api-keys/api-key-service.ts';
import { created, listEnvelope, ok, type HandlerMap } from '../handler-types.ts';

export function apiKeyRoutes(deps: { apiKeys: ApiKeyService }): HandlerMap {
  return {
    listApiKeys: async ({ auth, query, path }) =>
      ok(listEnvelope(path, await deps.apiKeys.list(auth.orgId, { limit: query.limit ?? 50, cursor: query.cursor }))),
    createApiKey: async ({ auth, body }) => created(await deps.apiKeys.create(auth.orgId, body)),
    getApiKey: async ({ auth, params }) => ok(await deps.apiKeys.get(auth.orgId, params.keyId)),
    revokeApiKey: async ({ auth, params }) => ok(await deps.apiKeys.revoke(auth.orgId, params.keyId)),
  };
}

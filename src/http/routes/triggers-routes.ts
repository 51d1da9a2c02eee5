import type { TriggerServices } from '../../triggers/trigger-module.ts';
import { accepted, created, listEnvelope, ok, type HandlerMap } from '../handler-types.ts';

export function triggerRoutes(deps: { triggers: TriggerServices }): HandlerMap {
  const { service, eventLog, ingest } = deps.triggers;
  return {
    listTriggers: async ({ auth, query, path }) => ok(listEnvelope(path, await service.list(auth.orgId, { limit: query.limit ?? 50, cursor: query.cursor }))),
    createTrigger: async ({ auth, body }) => created(await service.create(auth.orgId, body)),
    getTrigger: async ({ auth, params }) => ok(await service.get(auth.orgId, params.triggerId)),
    updateTrigger: async ({ auth, params, body }) => ok(await service.update(auth.orgId, params.triggerId, body)),
    deleteTrigger: async ({ auth, params }) => ok(await service.remove(auth.orgId, params.triggerId)),
    rotateTriggerUrl: async ({ auth, params, body }) => ok(await service.rotateUrl(auth.orgId, params.triggerId, body ?? {})),
    listTriggerEvents: async ({ auth, params, query, path }) =>
      ok(listEnvelope(path, await eventLog.list(auth.orgId, params.triggerId, query.status, { limit: query.limit ?? 50, cursor: query.cursor }))),
    getTriggerEvent: async ({ auth, params }) => ok(await eventLog.get(auth.orgId, params.triggerId, params.eventId)),
    replayTriggerEvent: async ({ auth, params }) => accepted(await eventLog.replay(auth.orgId, params.triggerId, params.eventId)),
    receiveTriggerHook: async ({ params, headers, rawBody, body }) => {
      const contentType = String(headers['content-type'] ?? 'application/octet-stream');
      const receipt = await ingest.receive({ token: params.token, headers, rawBody, body, contentType });
      return receipt.duplicate ? ok({ id: receipt.id, duplicate: true }) : accepted({ id: receipt.id });
    },
  };
}

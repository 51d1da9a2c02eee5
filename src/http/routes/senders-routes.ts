import type { SenderService } from '../../domain/senders/sender-service.ts';
import { created, listEnvelope, ok, type HandlerMap } from '../handler-types.ts';

export function senderRoutes(deps: { senders: SenderService }): HandlerMap {
  return {
    listSenders: async ({ auth, query, path }) =>
      ok(listEnvelope(path, await deps.senders.list(auth.orgId, { limit: query.limit ?? 50, cursor: query.cursor }))),
    createSender: async ({ auth, body }) => created(await deps.senders.create(auth.orgId, body)),
    getSender: async ({ auth, params }) => ok(await deps.senders.get(auth.orgId, params.senderId)),
    deleteSender: async ({ auth, params }) => ok(await deps.senders.remove(auth.orgId, params.senderId)),
  };
}

import type { EventService } from '../../events/event-service.ts';
import type { EventStreamHub } from '../../events/event-stream-hub.ts';
import { listEnvelope, ok, type HandlerMap } from '../handler-types.ts';
import { openEventStream } from './event-stream-route.ts';

export function eventRoutes(deps: { events: EventService; streams: EventStreamHub }): HandlerMap {
  const { events } = deps;
  return {
    listEvents: async ({ auth, query, path }) =>
      ok(
        listEnvelope(
          path,
          await events.list(
            auth.orgId,
            { type: query.type, orderingKey: query.orderingKey, createdAfter: query.createdAfter, createdBefore: query.createdBefore },
            { limit: query.limit ?? 50, cursor: query.cursor },
          ),
        ),
      ),
    streamEvents: openEventStream(deps.streams),
    // Sent as the stored string, not re-serialized: the same bytes a delivery carries.
    getEvent: async ({ auth, params }) => ok(await events.getEnvelope(auth.orgId, params.eventId), { 'content-type': 'application/json; charset=utf-8' }),
  };
}

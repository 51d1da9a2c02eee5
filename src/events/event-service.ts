import { notFound } from '../domain/errors.ts';
import type { Clock } from '../domain/shared/clock.ts';
import { serializeEnvelope } from '../webhooks/envelope.ts';
import { EVENT_TYPES, subscriptionMatches } from './event-types.ts';
import type { EventsRepo } from './events-repo.ts';

export interface EventServiceDeps {
  events: EventsRepo;
  clock: Clock;
  /** Events older than this are gone, whether or not the TTL monitor has removed them yet. */
  retentionMs: number;
}

export interface EventListFilter {
  /** An event name or an endpoint wildcard (`sequence.*`, `*`). */
  type?: string;
  orderingKey?: string;
  createdAfter?: string;
  createdBefore?: string;
}

const EVENT_NOT_FOUND = () => notFound('EVENT_NOT_FOUND', 'Event not found');

/** The pull side of the event log: what receivers were sent, read back by the organization. */
export function createEventService(deps: EventServiceDeps) {
  const recordedSince = () => new Date(deps.clock.now().getTime() - deps.retentionMs);
  return {
    /** Envelopes exactly as webhook receivers get them, newest first. */
    async list(orgId: string, filter: EventListFilter, page: { limit: number; cursor?: string }) {
      const found = await deps.events.list(
        orgId,
        {
          // Expanded with the endpoints' own matcher, so a filter selects what a subscription would.
          types: filter.type === undefined ? undefined : EVENT_TYPES.filter((t) => subscriptionMatches([filter.type as string], t)),
          orderingKey: filter.orderingKey,
          occurredAfter: filter.createdAfter === undefined ? undefined : new Date(filter.createdAfter),
          occurredBefore: filter.createdBefore === undefined ? undefined : new Date(filter.createdBefore),
          recordedSince: recordedSince(),
        },
        page,
      );
      return { items: found.items.map((e) => JSON.parse(serializeEnvelope(e)) as unknown), nextCursor: found.nextCursor };
    },
    /** The envelope's bytes, identical to the body of every delivery of the event. */
    async getEnvelope(orgId: string, id: string): Promise<string> {
      const event = await deps.events.findRetained(orgId, id, recordedSince());
      if (!event) throw EVENT_NOT_FOUND();
      return serializeEnvelope(event);
    },
  };
}

export type EventService = ReturnType<typeof createEventService>;

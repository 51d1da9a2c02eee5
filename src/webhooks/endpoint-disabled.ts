import type { Logger } from 'pino';
import type { EndpointRecord, EndpointStore } from '../domain/webhooks/types.ts';
import type { Outbox } from '../events/outbox.ts';
import type { Metrics } from '../observability/metrics.ts';

/** Why the gateway disabled an endpoint, as the `webhook.endpoint.disabled` event names it. */
export type DisableCause = 'gone' | 'consecutive_failures';

export type DisableEndpoint = (endpoint: EndpointRecord, cause: DisableCause, message: string, at: Date) => Promise<boolean>;

/**
 * Disables an endpoint and tells the organization: the `webhook.endpoint.disabled` event
 * is staged on the endpoint document in the same single-document write that disables it
 * (so it exists exactly when the endpoint was disabled, whatever crashes), then relayed;
 * fan-out reads the enabled endpoints after that write, so the disabled one never gets it.
 * Only the call that actually disabled it emits, logs (warn) and counts.
 */
export function createEndpointDisabler(deps: { endpoints: EndpointStore; outbox: Outbox; logger: Logger; metrics: Metrics }): DisableEndpoint {
  const disabledTotal = deps.metrics.counter(
    'og_webhook_endpoints_disabled_total',
    'Webhook endpoints the gateway disabled (410 Gone or consecutive failures)',
    ['reason'],
  );
  return async (endpoint, cause, message, at) => {
    const event = deps.outbox.stage({
      type: 'webhook.endpoint.disabled',
      orgId: endpoint.orgId,
      orderingKey: `webhook_endpoint:${endpoint.id}`,
      data: { endpoint_id: endpoint.id, reason: cause, message, disabled_at: at.toISOString() },
      occurredAt: at,
    });
    // The store relays the event after the write; if that fails, the recovery relay does
    // (it is durable on the endpoint already).
    const did = await deps.endpoints.disable(endpoint.orgId, endpoint.id, message, at, [event]);
    if (!did) return false;
    deps.logger.warn({ endpointId: endpoint.id, orgId: endpoint.orgId, reason: cause, message, eventId: event.id }, 'webhook endpoint disabled');
    disabledTotal.inc({ reason: cause });
    return true;
  };
}

import type { Logger } from 'pino';
import type { EndpointRecord, EndpointStore } from '../domain/webhooks/types.ts';
import type { Outbox } from '../events/outbox.ts';
import type { Metrics } from '../observability/metrics.ts';

export const ENDPOINTS_COLLECTION = 'webhook_endpoints';

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
  deps.outbox.registerSource(ENDPOINTS_COLLECTION);
  return async (endpoint, cause, message, at) => {
    const event = deps.outbox.stage({
      type: 'webhook.endpoint.disabled',
      orgId: endpoint.orgId,
      orderingKey: `webhook_endpoint:${endpoint.id}`,
      data: { endpoint_id: endpoint.id, reason: cause, message, disabled_at: at.toISOString() },
      occurredAt: at,
    });
    const did = await deps.endpoints.disable(endpoint.orgId, endpoint.id, message, at, deps.outbox.pushSpec([event]));
    if (!did) return false;
    deps.logger.warn({ endpointId: endpoint.id, orgId: endpoint.orgId, reason: cause, message, eventId: event.id }, 'webhook endpoint disabled');
    disabledTotal.inc({ reason: cause });
    // The relay loop moves it if this flush fails (it is durable on the endpoint already).
    await deps.outbox
      .flush(ENDPOINTS_COLLECTION, endpoint.id)
      .catch((err) => deps.logger.error({ err, endpointId: endpoint.id }, 'relaying webhook.endpoint.disabled failed'));
    return true;
  };
}

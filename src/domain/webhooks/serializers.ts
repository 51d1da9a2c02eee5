import type { AttemptRecord, DeliveryRecord, EndpointRecord, RecoveryRecord } from './types.ts';

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function toEndpointView(e: EndpointRecord, now: Date) {
  const overlap = e.previousSecretExpiresAt && e.previousSecretExpiresAt > now ? e.previousSecretExpiresAt : null;
  return {
    object: 'webhook_endpoint' as const,
    id: e.id,
    url: e.url,
    events: e.events,
    name: e.name ?? null,
    description: e.description,
    headers: e.headers,
    enabled: e.enabled,
    secretLast4: e.secretLast4,
    previousSecretExpiresAt: iso(overlap),
    disabledReason: e.disabledReason,
    disabledAt: iso(e.disabledAt),
    consecutiveFailures: e.consecutiveFailures,
    lastDeliveryAt: iso(e.lastDeliveryAt ?? null),
    lastDeliveryStatus: e.lastDeliveryStatus ?? null,
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}

export function toDeliveryView(d: DeliveryRecord) {
  const last = d.attemptLog.at(-1);
  return {
    object: 'webhook_delivery' as const,
    id: d.id,
    endpointId: d.endpointId,
    webhookId: d.eventId,
    eventType: d.eventType,
    orderingKey: d.orderingKey,
    status: d.status,
    waiting: d.waiting,
    attempts: d.attempts,
    lastResponseStatus: d.lastResponseStatus,
    lastError: d.lastError,
    // The last attempt at a glance (the detail view has every attempt).
    responseStatus: last?.responseStatus ?? null,
    latencyMs: last?.latencyMs ?? null,
    nextAttemptAt: d.status === 'pending' ? iso(d.nextAttemptAt) : null,
    createdAt: d.createdAt.toISOString(),
    deliveredAt: iso(d.deliveredAt),
  };
}

const toAttemptView = (a: AttemptRecord) => ({
  attempt: a.attempt,
  at: a.at.toISOString(),
  outcome: a.outcome,
  responseStatus: a.responseStatus,
  responseBody: a.responseBody,
  latencyMs: a.latencyMs,
  error: a.error,
  nextAttemptAt: iso(a.nextAttemptAt),
});

/** The detail view: `attempts` becomes the attempt log, `attemptCount` keeps the number. */
export function toDeliveryDetailView(d: DeliveryRecord) {
  return {
    ...toDeliveryView(d),
    attemptCount: d.attempts,
    attempts: d.attemptLog.map(toAttemptView),
    payload: JSON.parse(d.body) as unknown,
  };
}

export function toRecoveryView(r: RecoveryRecord) {
  return {
    object: 'webhook_recovery' as const,
    id: r.id,
    endpointId: r.endpointId,
    since: r.since.toISOString(),
    until: r.until.toISOString(),
    status: r.status,
    total: r.total,
    processed: r.processed,
    createdAt: r.createdAt.toISOString(),
    completedAt: iso(r.completedAt),
  };
}

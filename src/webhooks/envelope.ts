import type { StagedEvent } from '../events/outbox.ts';

/** The published envelope; serialized once and sent byte-identical on every attempt. */
export function serializeEnvelope(event: StagedEvent): string {
  return JSON.stringify({ type: event.type, id: event.id, timestamp: event.occurredAt.toISOString(), data: event.data });
}

/** `webhook.test` names its one target in the ordering key. */
export const testOrderingKey = (endpointId: string) => `webhook_endpoint:${endpointId}`;
export const testTarget = (orderingKey: string): string | null =>
  orderingKey.startsWith('webhook_endpoint:') ? orderingKey.slice('webhook_endpoint:'.length) : null;

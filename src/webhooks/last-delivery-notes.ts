import type { Logger } from 'pino';
import { createBatcher } from '../domain/shared/batcher.ts';
import type { EndpointRecord, EndpointStore, LastDelivery } from '../domain/webhooks/types.ts';

/** Under load, an endpoint's `lastDeliveryAt` is written at most about this often. */
export const LAST_DELIVERY_RESOLUTION_MS = 1_000;

interface Note {
  orgId: string;
  id: string;
  last: LastDelivery;
}

/**
 * Keeps `lastDeliveryAt`/`lastDeliveryStatus` on endpoints after successful attempts that
 * no endpoint write carries (failures and resets carry it themselves). Off the hot path:
 * notes are batched (one round trip per batch, one update per endpoint, the newest), not
 * awaited, and skipped when the endpoint as last read already shows a success less than
 * LAST_DELIVERY_RESOLUTION_MS old, so a busy endpoint costs about one write a second.
 */
export function createLastDeliveryNotes(deps: { endpoints: EndpointStore; logger: Logger }) {
  const batcher = createBatcher<Note, void>(async (notes) => {
    const newest = new Map<string, Note>();
    for (const n of notes) {
      const seen = newest.get(n.id);
      if (!seen || seen.last.at < n.last.at) newest.set(n.id, n);
    }
    await deps.endpoints.noteLastDeliveries([...newest.values()]);
    return notes.map(() => undefined);
  }, 500);

  return function noteDelivered(endpoint: EndpointRecord, at: Date): void {
    const shown = endpoint.lastDeliveryAt;
    if (endpoint.lastDeliveryStatus === 'delivered' && shown && at.getTime() - shown.getTime() < LAST_DELIVERY_RESOLUTION_MS) return;
    batcher.add({ orgId: endpoint.orgId, id: endpoint.id, last: { at, status: 'delivered' } }).catch((err) => {
      deps.logger.warn({ err, endpointId: endpoint.id }, 'noting the last webhook delivery failed');
    });
  };
}

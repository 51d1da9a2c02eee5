import { describe, expect, it } from 'vitest';
import type { DeliveryEdge } from '../domain/webhooks/types.ts';
import type { StagedEvent } from '../events/outbox.ts';
import { endpointRecord } from './memory-ports.ts';
import { readStoreOrder, type StoreOrderDeps } from './store-order.ts';

const endpoint = endpointRecord('a');
const event = (id: string): StagedEvent => ({ id, type: 'trigger.received', orgId: 'org', orderingKey: 'k', data: {}, occurredAt: new Date(0) });
const edge = (eventId: string): DeliveryEdge => ({ id: `d-${eventId}`, orgId: 'org', endpointId: 'a', orderingKey: 'k', eventId, waiting: null });

function deps(pending: DeliveryEdge[], ended: Set<string>): StoreOrderDeps {
  return {
    endpoints: { listEnabled: async () => [endpoint] },
    deliveries: { pendingOfKeys: async () => pending },
    events: { earlierUnfanned: async () => [] },
    openTail: () => undefined,
    hasEnded: (id) => ended.has(id),
    wasFannedHere: () => false,
  };
}

describe('store order', () => {
  it('an earlier delivery read as pending holds a new one back', async () => {
    const order = await readStoreOrder(deps([edge('e1')], new Set()), 'org', [event('e2')]);
    expect(order.around(event('e2'), endpoint)).toEqual({ earlier: true, later: false });
  });

  it('one that ended here after the read (its result not written yet) no longer does', async () => {
    const ended = new Set<string>();
    const order = await readStoreOrder(deps([edge('e1'), edge('e3')], ended), 'org', [event('e2')]);
    ended.add('d-e1');
    expect(order.around(event('e2'), endpoint)).toEqual({ earlier: false, later: true });
  });
});

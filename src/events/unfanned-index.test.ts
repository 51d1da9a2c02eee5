import { describe, expect, it } from 'vitest';
import { Collection } from '../embedded-mongo/storage/collection.ts';
import { planQuery } from '../embedded-mongo/storage/query-planner.ts';
import { webhookDeliveryIndexes } from '../storage/repositories/webhook-deliveries-repo.ts';
import { eventIndexes } from './events-repo.ts';

// The delivery path's reads, as the repositories send them, planned by the embedded
// server on the indexes the repositories declare: each must read only what it returns.

function collectionWith(indexes: typeof eventIndexes): Collection {
  const coll = new Collection('db', indexes.collection ?? 'c');
  for (const ix of indexes.indexes)
    coll.addIndex({ name: ix.name ?? Object.keys(ix.key).join('_'), key: ix.key as Record<string, 1 | -1>, ...(ix.unique ? { unique: true } : {}) });
  return coll;
}

const id = (n: number) => `0190a000-0000-7000-8000-${String(n).padStart(12, '0')}`;
const candidates = (coll: Collection, filter: Record<string, unknown>) => {
  const plan = planQuery(coll, filter as never);
  expect(plan, `no index for ${JSON.stringify(filter)}`).toBeDefined();
  return [...plan!.ids].length;
};

describe('indexes on the delivery path', () => {
  it('finds unfanned events without reading fanned-out ones', () => {
    const events = collectionWith(eventIndexes);
    // 2,000 fanned-out events of one hot key and of others, 3 unfanned of the hot key, 2 of another.
    for (let n = 0; n < 2_000; n++)
      events.insert({ _id: id(n), orgId: 'o', orderingKey: n % 2 ? 'hot' : `k${n}`, fannedOutAt: new Date(), type: 'trigger.received' });
    for (let n = 2_000; n < 2_005; n++)
      events.insert({
        _id: id(n),
        orgId: 'o',
        orderingKey: n < 2_003 ? 'hot' : 'cold',
        fannedOutAt: null,
        unfanned: n < 2_003 ? 'hot' : 'cold',
        type: 'trigger.received',
      });
    expect(candidates(events, { unfanned: { $gt: '' }, _id: { $gte: id(0), $lt: id(9_999) } })).toBe(5); // the sweep
    expect(candidates(events, { unfanned: { $gt: '' } })).toBe(5);
    expect(candidates(events, { unfanned: 'hot', _id: { $lt: id(2_002) } })).toBe(2); // one key
    expect(candidates(events, { unfanned: { $in: ['hot', 'cold'] }, _id: { $lt: id(2_004) } })).toBe(4); // a batch's keys
    expect(candidates(events, { unfanned: 'hot', _id: { $gt: id(2_000), $lt: id(2_002) } })).toBe(1); // between two of a chain
  });

  it('reads only the pending deliveries of the keys asked, within the event range', () => {
    const deliveries = collectionWith(webhookDeliveryIndexes);
    let n = 0;
    const add = (orderingKey: string, status: string, waiting: string | null = null) =>
      deliveries.insert({
        _id: id(n),
        orgId: 'o',
        endpointId: 'e1',
        eventId: id(n++),
        orderingKey,
        status,
        waiting,
        nextAttemptAt: null,
        updatedAt: new Date(0),
        successorWaiting: false,
      });
    for (let i = 0; i < 1_000; i++) add('hot', 'delivered');
    for (let i = 0; i < 500; i++) add('hot', 'pending', 'predecessor');
    for (let i = 0; i < 300; i++) add(`k${i}`, 'pending');
    const lastHot = id(1_499);
    const q = (extra: Record<string, unknown>) => ({ orderingKey: { $in: ['hot', 'k1'] }, status: 'pending', endpointId: 'e1', orgId: 'o', ...extra });
    // Those after a batch's first event: only what lies past it.
    expect(candidates(deliveries, q({ eventId: { $gt: lastHot } }))).toBe(1);
    // A chain's next waiters after one being sent.
    expect(candidates(deliveries, { orderingKey: 'hot', status: 'pending', endpointId: 'e1', orgId: 'o', eventId: { $gt: id(1_497) } })).toBe(2);
    // Stale waiters for the sweep: waiters only, never every pending delivery.
    expect(candidates(deliveries, { status: 'pending', waiting: 'predecessor', updatedAt: { $lte: new Date(1) } })).toBe(500);
  });
});

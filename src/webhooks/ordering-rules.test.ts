import { describe, expect, it } from 'vitest';
import { manualClock } from '../domain/shared/clock.ts';
import type { DeliveryRecord, EndpointRecord } from '../domain/webhooks/types.ts';
import { endpointRecord, memoryDeliveries, memoryEndpoints, memoryEvents, waitingDelivery } from './memory-ports.ts';
import { createOrderingRules } from './ordering-rules.ts';

const T0 = new Date('2026-03-01T12:00:00Z');
const endpoint = (id: string, events: string[] = ['*']): EndpointRecord => endpointRecord(id, { events }, T0);
const delivery = (eventId: string, over: Partial<DeliveryRecord> = {}) => waitingDelivery(eventId, over, T0);
/** Being attempted by some process (leased, not waiting). */
const inFlight = (eventId: string, over: Partial<DeliveryRecord> = {}) =>
  delivery(eventId, { waiting: null, nextAttemptAt: T0, leaseOwner: 'other', leaseUntil: new Date(T0.getTime() + 15_000), ...over });

function setUp(rows: DeliveryRecord[], endpoints = [endpoint('a')]) {
  const deliveries = memoryDeliveries(rows);
  const events = memoryEvents();
  const attempted: DeliveryRecord[] = [];
  const rules = createOrderingRules({
    deliveries,
    events,
    endpoints: memoryEndpoints(endpoints),
    clock: manualClock(T0),
    owner: 'me',
    leaseMs: 15_000,
    attemptHead: async (d) => void attempted.push(d),
  });
  return { deliveries, events, attempted, rules };
}

describe('ordering rules: head of line', () => {
  it("claims a waiting head whose predecessors are all done, and attempts it under this process's lease", async () => {
    const { rules, attempted, deliveries } = setUp([delivery('e1', { status: 'delivered' }), delivery('e2'), delivery('e3')]);
    await rules.kickNext('org', 'a', 'k');
    expect(attempted.map((d) => d.id)).toEqual(['d-e2']);
    // Claimed through the store: due now, leased here, and it wakes whatever waits behind
    // it when it ends (they may have been linked to it in a process that died).
    expect(deliveries.get('d-e2')).toMatchObject({ waiting: null, leaseOwner: 'me', nextAttemptAt: T0, successorWaiting: true });
    expect(deliveries.get('d-e3')).toMatchObject({ waiting: 'predecessor', leaseOwner: null });
  });

  it('leaves the chain alone while its head is being attempted', async () => {
    const { rules, attempted } = setUp([inFlight('e1'), delivery('e2')]);
    await rules.kickNext('org', 'a', 'k');
    expect(attempted).toEqual([]);
  });

  it('keeps each endpoint and key a chain of its own', async () => {
    const { rules, attempted } = setUp(
      [inFlight('e1'), delivery('e2', { endpointId: 'b' }), delivery('e3', { orderingKey: 'other' })],
      [endpoint('a'), endpoint('b')],
    );
    await rules.kickNext('org', 'b', 'k');
    await rules.kickNext('org', 'a', 'other');
    expect(attempted.map((d) => d.id)).toEqual(['d-e2', 'd-e3']);
  });

  it('holds the head while an earlier event of its key, for its endpoint, is recorded but not fanned out', async () => {
    const { rules, attempted, events, deliveries } = setUp([delivery('e2')]);
    events.record({ id: 'e1', orgId: 'org', type: 'trigger.received', orderingKey: 'k' });
    await rules.kickNext('org', 'a', 'k');
    expect(attempted).toEqual([]);
    // Its delivery exists, its mark not yet: it is the head now, and being attempted.
    deliveries.insert(inFlight('e1'));
    await rules.kickNext('org', 'a', 'k');
    expect(attempted).toEqual([]);
    deliveries.deliver('d-e1');
    events.markFannedOut('e1');
    await rules.kickNext('org', 'a', 'k');
    expect(attempted.map((d) => d.id)).toEqual(['d-e2']);
  });

  it('with a bound from a waiter it saw, still holds the head for an unfanned event, even once that waiter has ended', async () => {
    const { rules, attempted, events, deliveries } = setUp([delivery('e2'), delivery('e5')]);
    events.record({ id: 'e1', orgId: 'org', type: 'trigger.received', orderingKey: 'k' });
    await rules.kickNext('org', 'a', 'k', 'e5');
    expect(attempted).toEqual([]);
    events.markFannedOut('e1');
    // e2 ended meanwhile (another process), and an event between e2 and e5 is recorded, not fanned out.
    deliveries.deliver('d-e2');
    events.record({ id: 'e3', orgId: 'org', type: 'trigger.received', orderingKey: 'k' });
    await rules.kickNext('org', 'a', 'k', 'e2');
    expect(attempted).toEqual([]);
    events.markFannedOut('e3');
    await rules.kickNext('org', 'a', 'k', 'e2');
    expect(attempted.map((d) => d.id)).toEqual(['d-e5']);
  });

  it('ignores unfanned events the endpoint does not subscribe to, and those of other keys or organizations', async () => {
    const { rules, attempted, events } = setUp([delivery('e9')], [endpoint('a', ['trigger.received'])]);
    events.record({ id: 'e1', orgId: 'org', type: 'row.created', orderingKey: 'k' });
    events.record({ id: 'e2', orgId: 'org', type: 'trigger.received', orderingKey: 'other' });
    events.record({ id: 'e3', orgId: 'org2', type: 'trigger.received', orderingKey: 'k' });
    await rules.kickNext('org', 'a', 'k');
    expect(attempted.map((d) => d.id)).toEqual(['d-e9']);
  });

  it('attempts a head only once when two processes kick it together', async () => {
    const { rules, attempted, deliveries } = setUp([delivery('e2')]);
    const other = createOrderingRules({
      deliveries,
      events: memoryEvents(),
      endpoints: memoryEndpoints([endpoint('a')]),
      clock: manualClock(T0),
      owner: 'other',
      leaseMs: 15_000,
      attemptHead: async (d) => void attempted.push(d),
    });
    await Promise.all([rules.kickNext('org', 'a', 'k'), other.kickNext('org', 'a', 'k')]);
    expect(attempted).toHaveLength(1);
  });
});

describe('ordering rules: successor wake-up', () => {
  it('a waiter flags the pending deliveries before it, so the one that ends wakes the chain', async () => {
    const { rules, attempted, deliveries } = setUp([inFlight('e1'), delivery('e2')]);
    await rules.waitBehind(deliveries.get('d-e2')!);
    expect(attempted).toEqual([]);
    expect(deliveries.get('d-e1')!.successorWaiting).toBe(true);
    expect(deliveries.get('d-e2')!.successorWaiting).toBe(false);
  });

  it('a waiter behind waiters flags the last of them only (one write however long the backlog), and it wakes the chain when it ends', async () => {
    const { rules, attempted, deliveries } = setUp([inFlight('e1'), delivery('e2'), delivery('e3'), delivery('e4')]);
    await rules.waitBehind(deliveries.get('d-e4')!);
    expect(['d-e1', 'd-e2', 'd-e3', 'd-e4'].map((id) => deliveries.get(id)!.successorWaiting)).toEqual([true, false, true, false]);
    // e3 ends (another process attempted it meanwhile): its flag says to wake the chain.
    deliveries.deliver('d-e1');
    deliveries.deliver('d-e2');
    deliveries.deliver('d-e3');
    await rules.kickNext('org', 'a', 'k');
    expect(attempted.map((d) => d.id)).toEqual(['d-e4']);
  });

  it('a waiter whose predecessor ended before the flag landed claims itself at once (flag, then check)', async () => {
    const { rules, attempted, deliveries } = setUp([inFlight('e1'), delivery('e2')]);
    deliveries.deliver('d-e1');
    await rules.waitBehind(deliveries.get('d-e2')!);
    expect(attempted.map((d) => d.id)).toEqual(['d-e2']);
  });

  it('new heads flag a later waiter another process inserted meanwhile, and wake it if they already ended', async () => {
    const { rules, attempted, deliveries } = setUp([
      inFlight('e1', { leaseOwner: 'me' }),
      delivery('e3'),
      inFlight('e5', { orderingKey: 'k2', leaseOwner: 'me' }),
    ]);
    await rules.wakeLateWaiters('org', [deliveries.get('d-e1')!, deliveries.get('d-e5')!]);
    expect(deliveries.get('d-e1')!.successorWaiting).toBe(true);
    expect(deliveries.get('d-e5')!.successorWaiting).toBe(false);
    expect(attempted).toEqual([]);

    const late = setUp([delivery('e1', { status: 'delivered' }), delivery('e3')]);
    await late.rules.wakeLateWaiters('org', [delivery('e1', { status: 'delivered', waiting: null })]);
    expect(late.attempted.map((d) => d.id)).toEqual(['d-e3']);
  });
});

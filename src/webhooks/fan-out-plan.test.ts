import { describe, expect, it } from 'vitest';
import type { EndpointRecord } from '../domain/webhooks/types.ts';
import type { StagedEvent } from '../events/outbox.ts';
import { planFanOut, planLinks, type ChainNeighbours } from './fan-out-plan.ts';
import { testOrderingKey } from './envelope.ts';
import { chainOf } from './successor-links.ts';
import { endpointRecord } from './memory-ports.ts';

const NOW = new Date('2026-03-01T12:00:00Z');
const endpoint = (id: string, events: string[] = ['*'], over: Partial<EndpointRecord> = {}): EndpointRecord => endpointRecord(id, { events, ...over }, NOW);
const event = (id: string, orderingKey: string, over: Partial<StagedEvent> = {}): StagedEvent => ({
  id,
  type: 'trigger.received',
  orgId: 'org',
  orderingKey,
  data: { n: id },
  occurredAt: NOW,
  ...over,
});
const NOTHING: ChainNeighbours = { earlier: false, later: false };

function plan(
  events: StagedEvent[],
  enabled: EndpointRecord[],
  opts: { around?: (e: StagedEvent, ep: EndpointRecord) => ChainNeighbours; tested?: EndpointRecord[] } = {},
) {
  let n = 0;
  return planFanOut({
    events,
    enabled,
    tested: new Map((opts.tested ?? []).map((e) => [e.id, e])),
    around: opts.around ?? (() => NOTHING),
    now: NOW,
    newId: () => `d${String(++n).padStart(3, '0')}`,
    owner: 'me',
    leaseMs: 15_000,
    retentionMs: 86_400_000,
  });
}
const summary = (records: ReturnType<typeof plan>['records']) =>
  records.map((d) => `${d.eventId}>${d.endpointId} ${d.waiting ?? 'due'}${d.successorWaiting ? ' flagged' : ''}`);

describe('fan-out planner', () => {
  it("makes one delivery per event and subscribed endpoint, each attempted at once under this process's lease", () => {
    const { records, endpointsById } = plan(
      [event('e1', 'k1'), event('e2', 'k2')],
      [endpoint('a'), endpoint('b', ['row.*']), endpoint('c', ['trigger.received'])],
    );
    expect(summary(records)).toEqual(['e1>a due', 'e1>c due', 'e2>a due', 'e2>c due']);
    const first = records[0];
    expect(first).toMatchObject({ status: 'pending', leaseOwner: 'me', nextAttemptAt: NOW, attempts: 0, waiting: null });
    expect(first.leaseUntil!.getTime()).toBe(NOW.getTime() + 15_000);
    expect(first.expiresAt.getTime()).toBe(NOW.getTime() + 86_400_000);
    expect(JSON.parse(first.body)).toEqual({ type: 'trigger.received', id: 'e1', timestamp: NOW.toISOString(), data: { n: 'e1' } });
    expect([...endpointsById.keys()].sort()).toEqual(['a', 'c']);
  });

  it('orders a key within the batch per endpoint: later ones wait unleased, the one before is flagged', () => {
    const { records, blockedByStore } = plan([event('e1', 'k'), event('e2', 'k'), event('e3', 'other'), event('e4', 'k')], [endpoint('a'), endpoint('b')]);
    expect(summary(records)).toEqual([
      'e1>a due flagged',
      'e1>b due flagged',
      'e2>a predecessor flagged',
      'e2>b predecessor flagged',
      'e3>a due',
      'e3>b due',
      'e4>a predecessor',
      'e4>b predecessor',
    ]);
    const waiter = records[2];
    expect(waiter).toMatchObject({ leaseOwner: null, leaseUntil: null, nextAttemptAt: null });
    expect(blockedByStore.size).toBe(0);
  });

  it('never orders unordered events', () => {
    const { records } = plan([event('e1', 'k', { unordered: true }), event('e2', 'k', { unordered: true })], [endpoint('a')]);
    expect(summary(records)).toEqual(['e1>a due', 'e2>a due']);
  });

  it('makes a delivery wait behind an earlier one the store holds, and flags one a later stored delivery waits for', () => {
    const around = (e: StagedEvent, ep: EndpointRecord) => ({ earlier: e.id === 'e1' && ep.id === 'a', later: e.id === 'e2' && ep.id === 'b' });
    const { records, blockedByStore } = plan([event('e1', 'k'), event('e2', 'k')], [endpoint('a'), endpoint('b')], { around });
    expect(summary(records)).toEqual(['e1>a predecessor flagged', 'e1>b due flagged', 'e2>a predecessor', 'e2>b predecessor flagged']);
    // Only the first of the batch waits on the store; the second waits on it.
    expect([...blockedByStore].map((d) => `${d.eventId}>${d.endpointId}`)).toEqual(['e1>a']);
  });

  it('notes the tail of this process that alone holds a delivery back', () => {
    const tail = plan([event('e0', 'k')], [endpoint('a')]).records[0];
    const { records, heldByTail } = plan([event('e1', 'k'), event('e2', 'j')], [endpoint('a')], {
      around: (e) => (e.id === 'e1' ? { earlier: true, later: false, heldBy: tail } : { earlier: true, later: false }),
    });
    expect(summary(records)).toEqual(['e1>a predecessor', 'e2>a predecessor']);
    expect([...heldByTail].map(([d, t]) => [d.eventId, t.eventId])).toEqual([['e1', 'e0']]);
  });

  it('sends webhook.test only to the endpoint it names, whatever that one subscribes to', () => {
    const tested = endpoint('t', ['row.created'], { enabled: false });
    const { records } = plan(
      [event('e1', testOrderingKey('t'), { type: 'webhook.test' }), event('e2', testOrderingKey('gone'), { type: 'webhook.test' })],
      [endpoint('a')],
      { tested: [tested] },
    );
    expect(summary(records)).toEqual(['e1>t due']);
  });
});

describe('link planner', () => {
  const d = (eventId: string, waiting: 'predecessor' | null, endpointId = 'a', orderingKey = 'k') =>
    plan([event(eventId, orderingKey)], [endpoint(endpointId)]).records.map((r) => ({ ...r, waiting, id: `${eventId}${endpointId}` }))[0];

  it("links each waiter to the one before it in the batch and names the chains' new tails", () => {
    const [a1, a2, a3, b1] = [d('e1', null), d('e2', 'predecessor'), d('e3', 'predecessor'), d('e1', null, 'b')];
    const out = planLinks({ inserted: [a1, b1, a2, a3], openTail: () => undefined, unfannedBetween: () => false });
    expect(out.links.map((l) => `${l.prev.id}->${l.next.id}`)).toEqual(['e1a->e2a', 'e2a->e3a']);
    expect(out.toTail.size).toBe(0);
    expect(out.tails.get(chainOf(a1))).toBe(a3);
    expect(out.tails.get(chainOf(b1))).toBe(b1);
  });

  it('links the first waiter of a chain to its open tail, unless an event between them was unfanned at the read', () => {
    const tail = d('e1', null);
    const next = d('e5', 'predecessor');
    const linked = planLinks({ inserted: [next], openTail: () => tail, unfannedBetween: () => false });
    expect(linked.links).toEqual([{ prev: tail, next }]);
    expect(linked.toTail.has(next)).toBe(true);
    const between = planLinks({
      inserted: [next],
      openTail: () => tail,
      unfannedBetween: (k, after, before) => k === 'k' && after === 'e1' && before === 'e5',
    });
    expect(between.links).toEqual([]);
    expect(between.tails.get(chainOf(next))).toBe(next);
  });

  it('never links a delivery that does not wait, nor one behind a later tail', () => {
    const out = planLinks({
      inserted: [d('e2', null), d('e3', 'predecessor', 'b')],
      openTail: (c) => (c === chainOf({ endpointId: 'b', orderingKey: 'k' }) ? d('e9', null, 'b') : d('e1', null)),
      unfannedBetween: () => false,
    });
    expect(out.links).toEqual([]);
  });
});

import type { Clock } from '../domain/shared/clock.ts';
import type { DeliveryRecord, DeliveryStore, EndpointStore } from '../domain/webhooks/types.ts';
import { subscriptionMatches } from '../events/event-types.ts';
import { claimWaiter } from './waiter-claim.ts';

/** The deliveries the ordering rules read and write (the dispatcher's port; the store implements it). */
export type OrderingDeliveries = Pick<DeliveryStore, 'head' | 'flagSuccessor' | 'claimWaiters' | 'findByEvent' | 'pendingOfKeys'>;

/** Recorded events not fanned out yet (the dispatcher's port; the events repository implements it). */
export interface OrderingEvents {
  earlierUnfanned(
    orgId: string,
    orderingKeys: string[],
    beforeId: string,
    exclude?: string[],
  ): Promise<{ _id: string; orgId: string; type: string; orderingKey: string }[]>;
}

export interface OrderingRulesDeps {
  deliveries: OrderingDeliveries;
  events: OrderingEvents;
  endpoints: Pick<EndpointStore, 'findById'>;
  clock: Clock;
  owner: string;
  leaseMs: number;
  /** Attempts a delivery this process has just claimed as the head of its chain. */
  attemptHead(claimed: DeliveryRecord): Promise<void>;
}

/**
 * The ordering rules across processes, all through the store:
 * - head of line: of the pending deliveries of one endpoint and ordering key (a chain),
 *   only the one with the smallest event id may be attempted, and only once no earlier
 *   event of the key is recorded but not fanned out (its delivery would come first);
 * - successor wake-up: a delivery that waits flags the pending ones before it that are
 *   being attempted or retried, and the last waiter before it (`successorWaiting`), then
 *   re-checks the head; the flagged one wakes the chain when it ends. Flag, then check:
 *   whichever of the two writes lands last sees the other. A head claimed here (through
 *   the store) is flagged too; a delivery claimed on in-process knowledge (a link, a
 *   chain tail that ended here) wakes the chain only if something waits behind it.
 */
export function createOrderingRules(deps: OrderingRulesDeps) {
  /**
   * Of unfanned events of the head's key read earlier, whether one before it, for its
   * endpoint, has no delivery yet ('blocked'), or had one inserted since ('inserted': the
   * head read may predate that delivery), or none applies ('clear').
   */
  async function unfannedBefore(head: DeliveryRecord, unfanned: { _id: string; type: string }[]): Promise<'blocked' | 'inserted' | 'clear'> {
    const before = unfanned.filter((u) => u._id < head.eventId);
    if (before.length === 0) return 'clear';
    const endpoint = await deps.endpoints.findById(head.orgId, head.endpointId);
    let inserted = false;
    for (const u of before) {
      if (!endpoint || !subscriptionMatches(endpoint.events, u.type)) continue;
      // Between its deliveries' insert and its fannedOutAt mark, an event has both.
      if (!(await deps.deliveries.findByEvent(head.orgId, head.endpointId, u._id))) return 'blocked';
      inserted = true;
    }
    return inserted ? 'inserted' : 'clear';
  }

  /**
   * Claims the chain's head if it waits for nothing any more, and attempts it. `upTo`: the
   * event id of a delivery of the chain the caller knows pending (while it is, the head is
   * at or before it), which saves a read.
   */
  async function kickNext(orgId: string, endpointId: string, orderingKey: string, upTo?: string): Promise<void> {
    // With a bound, the unfanned events are read before the head: one read then covers
    // both (an event fanned out between the two reads has its delivery in the head read).
    const early = upTo === undefined ? undefined : await deps.events.earlierUnfanned(orgId, [orderingKey], upTo);
    const head = await deps.deliveries.head(orgId, endpointId, orderingKey);
    if (!head || head.waiting !== 'predecessor') return;
    // The bound holds only while the delivery it came from is pending.
    const unfannedFirst = early !== undefined && head.eventId <= upTo!;
    // Its fan-out (here or in another process) marks the new delivery as this one's predecessor.
    const unfanned = unfannedFirst ? early : await deps.events.earlierUnfanned(orgId, [orderingKey], head.eventId);
    const found = await unfannedBefore(head, unfanned);
    if (found === 'blocked') return;
    // Read the other way round, or with a delivery inserted for an event found unfanned:
    // only a head read after the events check may be claimed.
    if (!unfannedFirst || found === 'inserted') {
      const again = await deps.deliveries.head(orgId, endpointId, orderingKey);
      if (!again || again.id !== head.id) return kickNext(orgId, endpointId, orderingKey);
    }
    // Claimed through the store: the deliveries behind it may have been linked to it in a
    // process that has died since (a link stands in for a flag), so it wakes its chain
    // when it ends, and a recovered chain moves at the receiver's pace, not the sweep's.
    const claimed = await claimWaiter(deps, head, { wakesNext: true });
    if (claimed) await deps.attemptHead(claimed);
  }

  /** After a delivery starts waiting: mark what it waits for, then re-check (closes the race with a finishing predecessor). */
  async function waitBehind(d: DeliveryRecord): Promise<void> {
    await deps.deliveries.flagSuccessor(d.orgId, d.endpointId, d.orderingKey, d.eventId);
    await kickNext(d.orgId, d.endpointId, d.orderingKey, d.eventId);
  }

  /**
   * Heads just inserted: a later delivery of their keys that another process inserted
   * while they were being written may have flagged nothing (they did not exist yet) and
   * been missed by the read before. Flag them for it now, and wake it if its
   * predecessor is already done.
   */
  async function wakeLateWaiters(orgId: string, heads: DeliveryRecord[]): Promise<void> {
    if (heads.length === 0) return;
    const first = heads.reduce((min, h) => (h.eventId < min ? h.eventId : min), heads[0].eventId);
    const waiters = await deps.deliveries.pendingOfKeys(orgId, {
      orderingKeys: [...new Set(heads.map((h) => h.orderingKey))],
      endpointIds: [...new Set(heads.map((h) => h.endpointId))],
      after: first,
      waitingOnly: true,
    });
    if (waiters.length === 0) return;
    for (const h of heads) {
      const later = waiters.find((w) => w.endpointId === h.endpointId && w.orderingKey === h.orderingKey && w.eventId > h.eventId);
      if (!later) continue;
      await deps.deliveries.flagSuccessor(orgId, h.endpointId, h.orderingKey, later.eventId);
      await kickNext(orgId, h.endpointId, h.orderingKey, later.eventId);
    }
  }

  return { kickNext, waitBehind, wakeLateWaiters };
}

export type OrderingRules = ReturnType<typeof createOrderingRules>;

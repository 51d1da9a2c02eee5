import type { Clock } from '../domain/shared/clock.ts';
import type { DeliveryRecord, DeliveryStore, EndpointRecord, EndpointStore } from '../domain/webhooks/types.ts';
import type { EventsRepo } from '../events/events-repo.ts';
import { asClaimed } from './waiter-claim.ts';

export interface SuccessorLinksDeps {
  deliveries: DeliveryStore;
  events: Pick<EventsRepo, 'unfannedBetween'>;
  endpoints: Pick<EndpointStore, 'findById'>;
  /** Whether an endpoint record was read recently enough to send successors with it. */
  isFresh(endpoint: EndpointRecord, maxAgeMs: number): boolean;
  /** The newest record of an endpoint read within `maxAgeMs` (by any chain), if any. */
  freshest?(orgId: string, id: string, maxAgeMs: number): EndpointRecord | undefined;
  clock: Clock;
  owner: string;
  leaseMs: number;
}

/**
 * The known next deliveries of a chain (up to a window), and whether this process claimed
 * them all (with the endpoint as read then) while the delivery before them was being sent.
 */
export type PreparedSuccessor = { run: DeliveryRecord[]; claimed: true; endpoint: EndpointRecord } | { run: DeliveryRecord[]; claimed: false };

// How many known successors one check and one claim cover: a long chain pays two store
// round trips per window, not per delivery.
const WINDOW = 64;

// How many recent ids the in-process sets keep: enough for the reads in flight.
const RECENT_FANNED = 20_000;
const STALE_TAIL_MS = 24 * 3600_000;

// Links older than this were never used (their deliveries went to another process, or
// were dropped): forgotten by prune().
const STALE_LINK_MS = 10 * 60_000;

// A predecessor's endpoint record younger than this is the one its successors are sent
// with (a change to the endpoint reaches a chain within about this long); older, it is read
// again with the successors' check.
const ENDPOINT_FRESH_MS = 1_000;

/**
 * A set that remembers only its newest `cap` ids, by first insertion, at O(1) an add. (Trimming
 * a Set by iterating it from the front walks over every entry deleted before, so it cost
 * more with every delivery: ~2 % of the gateway's CPU in bench:webhooks.)
 */
function recentIds(cap: number) {
  const set = new Set<string>();
  const ring: (string | undefined)[] = new Array(cap);
  let next = 0;
  return {
    add(id: string): void {
      if (set.has(id)) return;
      const oldest = ring[next];
      if (oldest !== undefined) set.delete(oldest);
      ring[next] = id;
      next = (next + 1) % cap;
      set.add(id);
    },
    has: (id: string): boolean => set.has(id),
  };
}

export const chainOf = (d: Pick<DeliveryRecord, 'endpointId' | 'orderingKey'>) => `${d.endpointId}\u0000${d.orderingKey}`;

/**
 * In-process knowledge of ordered chains (the deliveries of one key at one endpoint), so
 * one key is bound by the receiver's round trip rather than by store round trips: while a
 * delivery is being sent, its known successor is checked against the store and claimed,
 * and sent as soon as the receiver answers 2xx; the predecessor's result is written
 * beside it (in order, in the finisher's batches). The store stays the authority: a link
 * is only a hint, used when the store agrees that nothing else of the key lies between.
 */
export function createSuccessorLinks(deps: SuccessorLinksDeps) {
  /** Predecessor delivery id → its successor, as fanned out by this process. */
  const links = new Map<string, { next: DeliveryRecord; at: number }>();
  /** Chain → the last delivery this process fanned out for it, until it ends without a successor. */
  const tails = new Map<string, DeliveryRecord>();
  /**
   * Deliveries that ended here lately (delivered, or given up), their results perhaps
   * still being written: nothing of theirs is left to wait for.
   */
  const ended = recentIds(RECENT_FANNED);
  /** Events whose every delivery this process inserted lately (their chains' tails speak for them). */
  const fanned = recentIds(RECENT_FANNED);

  /** Checks and claims the known successors of `d` (a window of them); `sentWith`: the endpoint record `d` is sent with. */
  async function claimRun(d: DeliveryRecord, sentWith?: EndpointRecord): Promise<PreparedSuccessor> {
    const run: DeliveryRecord[] = [];
    for (let link = links.get(d.id); link && run.length < WINDOW; link = links.get(link.next.id)) run.push(link.next);
    // d's own link is used up either way: unclaimed, the first waits for d through the store.
    links.delete(d.id);
    const last = run[run.length - 1];
    const [next, between, endpoint] = await Promise.all([
      deps.deliveries.pendingInRange(d.orgId, d.endpointId, d.orderingKey, d.eventId, last.eventId),
      deps.events.unfannedBetween(d.orgId, d.orderingKey, d.eventId, last.eventId),
      (sentWith && deps.isFresh(sentWith, ENDPOINT_FRESH_MS) ? sentWith : deps.freshest?.(d.orgId, d.endpointId, ENDPOINT_FRESH_MS)) ??
        deps.endpoints.findById(d.orgId, d.endpointId),
    ]);
    // Exactly the run pending between d and its last (nothing else of the key), all waiting.
    const inOrder = next.length === run.length && next.every((e, i) => e.id === run[i].id && e.waiting === 'predecessor');
    if (!inOrder || between || !endpoint?.enabled) return { run, claimed: false };
    const now = deps.clock.now();
    const ids = run.map((r) => r.id);
    const leaseUntil = new Date(now.getTime() + deps.leaseMs);
    const taken = await deps.deliveries.claimWaiters(d.orgId, ids, { owner: deps.owner, now, leaseUntil });
    if (taken < ids.length) {
      // Another process took some: give back the rest, and let the store order them.
      if (taken > 0) await deps.deliveries.releaseToWait(d.orgId, ids, deps.owner, deps.clock.now());
      return { run, claimed: false };
    }
    for (let i = 0; i < run.length - 1; i++) links.delete(run[i].id);
    const claimed = run.map((r) => asClaimed(r, deps.owner, now, leaseUntil));
    return { run: claimed, claimed: true, endpoint };
  }

  return {
    /** The chain's last delivery fanned out here, while it is pending. */
    openTail: (chain: string): DeliveryRecord | undefined => tails.get(chain),

    link(prev: DeliveryRecord, next: DeliveryRecord): void {
      links.set(prev.id, { next, at: deps.clock.now().getTime() });
    },

    /** Records the chain's newest delivery (only ever forward in event order). */
    setTail(chain: string, d: DeliveryRecord): void {
      const current = tails.get(chain);
      if (!current || current.eventId < d.eventId) tails.set(chain, d);
    },

    /** Whether `d` has a known successor (it then needs no flag in the store to be followed). */
    hasLink: (id: string) => links.has(id),

    /**
     * Called as `d`'s attempt starts (and again as it ends, for links made meanwhile):
     * null without a successor known. With some, checks that they are the next pending
     * deliveries of the key, in order, that no event between them awaits fan-out and that
     * the endpoint still takes deliveries (as `sentWith` says while fresh), then claims them in one write (left unclaimed,
     * and their links kept, when any of that fails).
     */
    prepare(d: DeliveryRecord, sentWith?: EndpointRecord): Promise<PreparedSuccessor> | null {
      return links.has(d.id) ? claimRun(d, sentWith) : null;
    },

    /** `d` will have no successor from this process: later fan-outs order against the store. */
    close(d: DeliveryRecord): void {
      if (tails.get(chainOf(d))?.id === d.id) tails.delete(chainOf(d));
    },

    /** `d` was delivered or given up here (whether or not its result is written yet). */
    noteEnded(id: string): void {
      ended.add(id);
    },

    /** Notes events fanned out here; a read that found them unfanned is stale about them. */
    noteFanned(eventIds: string[]): void {
      // Only the last few batches' reads can be stale: a bounded memory, oldest dropped.
      for (const id of eventIds) fanned.add(id);
    },

    wasFannedHere: (eventId: string) => fanned.has(eventId),

    /** Whether a delivery read as pending has ended here since (unknown counts as not ended). */
    hasEnded: (id: string) => ended.has(id),

    nextOf: (id: string): DeliveryRecord | undefined => links.get(id)?.next,
    /** Restores the links of a run given back (its first waits for `prev` again). */
    relink(prev: DeliveryRecord, run: DeliveryRecord[]): void {
      const at = deps.clock.now().getTime();
      run.forEach((r, i) => {
        const before = i === 0 ? prev : run[i - 1];
        if (!links.has(before.id)) links.set(before.id, { next: r, at });
      });
    },

    prune(): void {
      const before = deps.clock.now().getTime() - STALE_LINK_MS;
      for (const [id, link] of links) if (link.at < before) links.delete(id);
      // A tail that never ended here (another process finished it) is forgotten after a
      // day; its chain is then read from the store again.
      for (const [chain, d] of tails) if (d.createdAt.getTime() < deps.clock.now().getTime() - STALE_TAIL_MS) tails.delete(chain);
    },

    size: () => ({ links: links.size, tails: tails.size }),
  };
}

export type SuccessorLinks = ReturnType<typeof createSuccessorLinks>;

import type { DeliveryEdge, DeliveryRecord, DeliveryStore, EndpointRecord, EndpointStore } from '../domain/webhooks/types.ts';
import { subscriptionMatches } from '../events/event-types.ts';
import type { EventsRepo } from '../events/events-repo.ts';
import type { StagedEvent } from '../events/outbox.ts';
import { testTarget } from './envelope.ts';
import type { ChainNeighbours } from './fan-out-plan.ts';
import { chainOf } from './successor-links.ts';

export interface StoreOrder {
  enabled: EndpointRecord[];
  /**
   * Whether the store holds an earlier and a later delivery of this event's key for the
   * endpoint; `heldBy`: when the earlier one that counts is this process's chain tail (nothing
   * else before the event was pending or unfanned at the read), that tail.
   */
  around(event: StagedEvent, endpoint: EndpointRecord): ChainNeighbours;
  /** Whether an event of the key recorded between the two ids (exclusive) was not fanned out at the read. */
  unfannedBetween(orderingKey: string, afterId: string, beforeId: string): boolean;
}

export interface StoreOrderDeps {
  endpoints: Pick<EndpointStore, 'listEnabled'>;
  deliveries: Pick<DeliveryStore, 'pendingOfKeys'>;
  events: Pick<EventsRepo, 'earlierUnfanned'>;
  /** This process's open chain tails: a pending delivery known without a read. */
  openTail(chain: string): DeliveryRecord | undefined;
  /** Whether a delivery (such a tail, or one read as pending) was delivered or given up here since. */
  hasEnded(id: string): boolean;
  /**
   * Whether this process has fanned the event out since (reads of one batch run beside
   * the fan-out of the one before): its deliveries are then ordered by its chains' tails.
   */
  wasFannedHere(eventId: string): boolean;
}

const NOTHING: ChainNeighbours = { earlier: false, later: false };

function byChain(edges: DeliveryEdge[]): Map<string, DeliveryEdge[]> {
  const out = new Map<string, DeliveryEdge[]>();
  for (const e of edges) {
    const chain = chainOf(e);
    const group = out.get(chain);
    if (group) group.push(e);
    else out.set(chain, [e]);
  }
  return out;
}

/**
 * What the store says about the order of a fan-out batch (one organization, sorted by
 * event id): earlier events of its keys another process recorded but has not fanned out,
 * and pending deliveries of its keys before and after it. Unordered events need none of
 * it. Every read goes through an index to exactly what it returns: the pending
 * deliveries of keys with an open tail here are read from that tail on (a tail proves an
 * earlier delivery pending until it ends), those of other keys all at once.
 * The events are read first: an event found fanned out there has its deliveries visible in
 * the reads after.
 */
export async function readStoreOrder(deps: StoreOrderDeps, orgId: string, events: StagedEvent[]): Promise<StoreOrder> {
  const enabledRead = deps.endpoints.listEnabled(orgId);
  const ordered = events.filter((e) => !e.unordered);
  if (ordered.length === 0) return { enabled: await enabledRead, around: () => NOTHING, unfannedBetween: () => false };
  const keys = [...new Set(ordered.map((e) => e.orderingKey))];
  const first = ordered[0].id;
  const last = ordered[ordered.length - 1].id;
  const [enabled, unfanned] = await Promise.all([
    enabledRead,
    deps.events.earlierUnfanned(
      orgId,
      keys,
      last,
      events.map((e) => e.id),
    ),
  ]);
  const tested = ordered.filter((e) => e.type === 'webhook.test').map((e) => testTarget(e.orderingKey));
  const endpointIds = [...new Set([...enabled.map((e) => e.id), ...tested.filter((id): id is string => id !== null)])];
  const tails = new Map<string, DeliveryRecord>();
  for (const k of keys) {
    for (const endpointId of endpointIds) {
      const chain = chainOf({ endpointId, orderingKey: k });
      const tail = deps.openTail(chain);
      if (tail) tails.set(chain, tail);
    }
  }
  const isCold = (k: string) => endpointIds.some((endpointId) => !tails.has(chainOf({ endpointId, orderingKey: k })));
  const cold = keys.filter(isCold);
  const hot = keys.filter((k) => !isCold(k));
  // One read per kind of key, each giving the deliveries both before and after the batch.
  // Cold keys: every pending delivery (there is no tail to start from). Hot keys: behind
  // an open tail only what lies after it can be unknown here.
  const sinceTails = [...tails.values()].reduce((min, t) => (t.eventId < min ? t.eventId : min), first);
  const [ofCold, ofHot] = await Promise.all([
    cold.length > 0 ? deps.deliveries.pendingOfKeys(orgId, { orderingKeys: cold, endpointIds }) : [],
    hot.length > 0 ? deps.deliveries.pendingOfKeys(orgId, { orderingKeys: hot, endpointIds, after: sinceTails }) : [],
  ]);
  const pending = [...ofCold, ...ofHot];
  const beforeBy = byChain(pending.filter((e) => e.eventId < last));
  const afterBy = byChain(pending.filter((e) => e.eventId > first));
  return {
    enabled,
    around(event, endpoint) {
      if (event.unordered) return NOTHING;
      const chain = chainOf({ endpointId: endpoint.id, orderingKey: event.orderingKey });
      // A tail holds back what comes after it until it ends (its result may still be being
      // written then). The one open now counts too: it may stand for an event the read
      // found unfanned and this process has fanned out since.
      const holds = (t: DeliveryRecord | undefined) => t !== undefined && t.eventId < event.id && !deps.hasEnded(t.id);
      const held = [tails.get(chain), deps.openTail(chain)].filter(holds).sort((a, b) => (a!.eventId < b!.eventId ? 1 : -1))[0];
      // Deliveries this process delivered or gave up may still read as pending: asked when
      // the batch is planned, not at the read (a chain's delivery often ends in between).
      const pendingBefore = (beforeBy.get(chain) ?? []).filter((e) => e.eventId < event.id && !deps.hasEnded(e.id)).map((e) => e.eventId);
      const unfannedBefore = unfanned.some(
        (u) => u.orderingKey === event.orderingKey && u._id < event.id && subscriptionMatches(endpoint.events, u.type) && !deps.wasFannedHere(u._id),
      );
      const heldBy = held && !unfannedBefore && pendingBefore.every((id) => id <= held.eventId) ? held : undefined;
      return {
        earlier: held !== undefined || pendingBefore.length > 0 || unfannedBefore,
        later: (afterBy.get(chain) ?? []).some((e) => e.eventId > event.id),
        ...(heldBy ? { heldBy } : {}),
      };
    },
    unfannedBetween: (orderingKey, afterId, beforeId) =>
      unfanned.some((u) => u.orderingKey === orderingKey && u._id > afterId && u._id < beforeId && !deps.wasFannedHere(u._id)),
  };
}

import type { DeliveryRecord, EndpointRecord } from '../domain/webhooks/types.ts';
import { subscriptionMatches } from '../events/event-types.ts';
import type { StagedEvent } from '../events/outbox.ts';
import { serializeEnvelope, testTarget } from './envelope.ts';
import { chainOf } from './successor-links.ts';

/**
 * What the store says about one event's chain at one endpoint (see store-order.ts);
 * `heldBy`: the earlier delivery that counts is this process's chain tail, and only it.
 */
export type ChainNeighbours = { earlier: boolean; later: boolean; heldBy?: DeliveryRecord };

export interface FanOutPlanInput {
  /** One organization's events, in event-id (recording) order. */
  events: StagedEvent[];
  enabled: EndpointRecord[];
  /** Endpoints named by webhook.test events, by id (read before planning). */
  tested: ReadonlyMap<string, EndpointRecord>;
  around(event: StagedEvent, endpoint: EndpointRecord): ChainNeighbours;
  now: Date;
  newId(): string;
  /** Names this process in the lease a delivery attempted at once is inserted with. */
  owner: string;
  leaseMs: number;
  retentionMs: number;
}

export interface FanOutPlan {
  /** In event order; within one event, in endpoint order. */
  records: DeliveryRecord[];
  /** Deliveries that wait for an earlier one the store holds (not one of this batch). */
  blockedByStore: Set<DeliveryRecord>;
  /** Of those, the ones held only by this process's tail of their chain, with that tail. */
  heldByTail: Map<DeliveryRecord, DeliveryRecord>;
  endpointsById: Map<string, EndpointRecord>;
}

/** The endpoints an event goes to: its subscribers, or for webhook.test the endpoint tested whatever it subscribes to. */
export function targetsOf(event: StagedEvent, enabled: EndpointRecord[], tested: ReadonlyMap<string, EndpointRecord>): EndpointRecord[] {
  if (event.type !== 'webhook.test') return enabled.filter((e) => subscriptionMatches(e.events, event.type));
  const id = testTarget(event.orderingKey);
  const endpoint = id ? tested.get(id) : undefined;
  return endpoint ? [endpoint] : [];
}

/** The endpoint ids webhook.test events of a batch name (to be read before planning). */
export const testedEndpointIds = (events: StagedEvent[]): string[] => [
  ...new Set(
    events
      .filter((e) => e.type === 'webhook.test')
      .map((e) => testTarget(e.orderingKey))
      .filter((id): id is string => id !== null),
  ),
];

/**
 * Fan-out as a pure function: every (event, target endpoint) pair becomes a delivery. A
 * delivery is attempted at once (inserted already leased, so its first attempt needs no
 * claim) unless an earlier delivery of its chain (endpoint + ordering key) is pending, in
 * this batch or in the store: it then waits, with no attempt time (the due sweep reads only
 * deliveries it may attempt), and the one before it is flagged `successorWaiting`. A
 * delivery of an event whose chain already has a later delivery in the store (another
 * process fanned it out first) is flagged too. Unordered events form no chains.
 */
export function planFanOut(input: FanOutPlanInput): FanOutPlan {
  const endpointsById = new Map<string, EndpointRecord>();
  const latest = new Map<string, DeliveryRecord>();
  const blockedByStore = new Set<DeliveryRecord>();
  const heldByTail = new Map<DeliveryRecord, DeliveryRecord>();
  const records: DeliveryRecord[] = [];
  for (const event of input.events) {
    const body = serializeEnvelope(event);
    for (const endpoint of targetsOf(event, input.enabled, input.tested)) {
      endpointsById.set(endpoint.id, endpoint);
      const chain = chainOf({ endpointId: endpoint.id, orderingKey: event.orderingKey });
      const earlierInBatch = event.unordered ? undefined : latest.get(chain);
      const inStore = input.around(event, endpoint);
      const d = newDelivery(input, event, endpoint, body, Boolean(earlierInBatch) || inStore.earlier);
      d.successorWaiting = inStore.later;
      if (earlierInBatch) earlierInBatch.successorWaiting = true;
      else if (inStore.earlier) {
        blockedByStore.add(d);
        if (inStore.heldBy) heldByTail.set(d, inStore.heldBy);
      }
      if (!event.unordered) latest.set(chain, d);
      records.push(d);
    }
  }
  return { records, blockedByStore, heldByTail, endpointsById };
}

function newDelivery(input: FanOutPlanInput, event: StagedEvent, endpoint: EndpointRecord, body: string, waits: boolean): DeliveryRecord {
  const now = input.now;
  return {
    id: input.newId(),
    orgId: event.orgId,
    endpointId: endpoint.id,
    eventId: event.id,
    eventType: event.type,
    orderingKey: event.orderingKey,
    body,
    status: 'pending',
    attempts: 0,
    cycleAttempts: 0,
    attemptLog: [],
    lastResponseStatus: null,
    lastError: null,
    nextAttemptAt: waits ? null : now,
    waiting: waits ? 'predecessor' : null,
    successorWaiting: false,
    leaseOwner: waits ? null : input.owner,
    leaseUntil: waits ? null : new Date(now.getTime() + input.leaseMs),
    createdAt: now,
    updatedAt: now,
    deliveredAt: null,
    expiresAt: new Date(now.getTime() + input.retentionMs),
  };
}

export interface LinkPlanInput {
  /** The deliveries of ordered events actually inserted, in plan order. */
  inserted: DeliveryRecord[];
  /** This process's open tail of a chain (its last pending delivery fanned out here). */
  openTail(chain: string): DeliveryRecord | undefined;
  /** Whether an event of the key between the two ids was not fanned out at the store read. */
  unfannedBetween(orderingKey: string, afterId: string, beforeId: string): boolean;
}

export interface LinkPlan {
  /** predecessor → successor: the successor is sent as soon as its predecessor is delivered. */
  links: { prev: DeliveryRecord; next: DeliveryRecord }[];
  /** Deliveries linked to an open tail (they need no flag in the store to be woken). */
  toTail: Set<DeliveryRecord>;
  /** Each chain's new last delivery. */
  tails: Map<string, DeliveryRecord>;
}

/**
 * Links each waiting delivery to the one before it in this process (in the batch, or the
 * chain's open tail when nothing recorded between them was unfanned at the read).
 */
export function planLinks(input: LinkPlanInput): LinkPlan {
  const links: LinkPlan['links'] = [];
  const toTail = new Set<DeliveryRecord>();
  const tails = new Map<string, DeliveryRecord>();
  for (const d of input.inserted) {
    const chain = chainOf(d);
    const inBatch = tails.get(chain);
    const tail = inBatch ? undefined : input.openTail(chain);
    const prev = inBatch ?? tail;
    if (d.waiting === 'predecessor' && prev && prev.eventId < d.eventId && !input.unfannedBetween(d.orderingKey, prev.eventId, d.eventId)) {
      links.push({ prev, next: d });
      if (tail) toTail.add(d);
    }
    tails.set(chain, d);
  }
  return { links, toTail, tails };
}

import type { DeliveryEdge, DeliveryRecord, EndpointRecord } from '../domain/webhooks/types.ts';
import type { OrderingDeliveries, OrderingEvents } from './ordering-rules.ts';

// In-memory implementations of the dispatcher's own ports, for unit tests of its stages.
// They follow the conditions the store's implementation writes its queries with (see
// webhook-deliveries-repo.ts); they stand in for the dispatcher's ports, not for MongoDB.

/** An enabled endpoint record as the stores return it, for the stages' unit tests. */
export function endpointRecord(id: string, over: Partial<EndpointRecord> = {}, at = new Date('2026-03-01T12:00:00Z')): EndpointRecord {
  return {
    id,
    orgId: 'org',
    url: `https://example.test/${id}`,
    events: ['*'],
    description: null,
    headers: {},
    enabled: true,
    secret: 's',
    secretLast4: 'abcd',
    previousSecret: null,
    previousSecretExpiresAt: null,
    consecutiveFailures: 0,
    disabledReason: null,
    disabledAt: null,
    createdAt: at,
    updatedAt: at,
    ...over,
  };
}

/**
 * A delivery waiting for its predecessor, as fan-out inserts one, for the stages' and the
 * store's tests (`over` sets the rest: ids, chain, state).
 */
export function waitingDelivery(eventId: string, over: Partial<DeliveryRecord> = {}, at = new Date('2026-03-01T12:00:00Z')): DeliveryRecord {
  return {
    id: `d-${eventId}`,
    orgId: 'org',
    endpointId: 'a',
    eventId,
    eventType: 'trigger.received',
    orderingKey: 'k',
    body: '{}',
    status: 'pending',
    attempts: 0,
    cycleAttempts: 0,
    attemptLog: [],
    lastResponseStatus: null,
    lastError: null,
    nextAttemptAt: null,
    waiting: 'predecessor',
    successorWaiting: false,
    leaseOwner: null,
    leaseUntil: null,
    createdAt: at,
    updatedAt: at,
    deliveredAt: null,
    expiresAt: new Date(at.getTime() + 86_400_000),
    ...over,
  };
}

const edgeOf = (d: DeliveryRecord): DeliveryEdge => ({
  id: d.id,
  orgId: d.orgId,
  endpointId: d.endpointId,
  orderingKey: d.orderingKey,
  eventId: d.eventId,
  waiting: d.waiting,
});
const leaseFree = (d: DeliveryRecord, now: Date) => d.leaseUntil === null || d.leaseUntil <= now;

export function memoryDeliveries(initial: DeliveryRecord[] = []) {
  const rows = new Map(initial.map((d) => [d.id, { ...d }]));
  const chain = (orgId: string, endpointId: string, orderingKey: string) =>
    [...rows.values()]
      .filter((d) => d.orgId === orgId && d.endpointId === endpointId && d.orderingKey === orderingKey && d.status === 'pending')
      .sort((a, b) => (a.eventId < b.eventId ? -1 : 1));
  const port: OrderingDeliveries = {
    async head(orgId, endpointId, orderingKey) {
      const head = chain(orgId, endpointId, orderingKey)[0];
      return head ? { ...head } : null;
    },
    async flagSuccessor(orgId, endpointId, orderingKey, eventId) {
      const before = chain(orgId, endpointId, orderingKey).filter((d) => d.eventId < eventId);
      for (const d of before) if (d.waiting !== 'predecessor') d.successorWaiting = true;
      const lastWaiter = before.filter((d) => d.waiting === 'predecessor').pop();
      if (lastWaiter) lastWaiter.successorWaiting = true;
    },
    async claimWaiters(orgId, ids, { owner, now, leaseUntil, wakesNext }) {
      let taken = 0;
      for (const id of ids) {
        const d = rows.get(id);
        if (!d || d.orgId !== orgId || d.status !== 'pending' || d.waiting !== 'predecessor' || !leaseFree(d, now)) continue;
        Object.assign(d, { leaseOwner: owner, leaseUntil, waiting: null, nextAttemptAt: now, updatedAt: now }, wakesNext ? { successorWaiting: true } : {});
        taken += 1;
      }
      return taken;
    },
    async findByEvent(orgId, endpointId, eventId) {
      const d = [...rows.values()].find((r) => r.orgId === orgId && r.endpointId === endpointId && r.eventId === eventId);
      return d ? { ...d } : null;
    },
    async pendingOfKeys(orgId, q) {
      return [...rows.values()]
        .filter((d) => d.orgId === orgId && d.status === 'pending' && q.orderingKeys.includes(d.orderingKey) && q.endpointIds.includes(d.endpointId))
        .filter(
          (d) =>
            (q.after === undefined || d.eventId > q.after) &&
            (q.before === undefined || d.eventId < q.before) &&
            (!q.waitingOnly || d.waiting === 'predecessor'),
        )
        .map(edgeOf);
    },
  };
  return {
    ...port,
    insert(d: DeliveryRecord): void {
      rows.set(d.id, { ...d });
    },
    get: (id: string) => rows.get(id),
    /** Ends a delivery as another process would (delivered, lease released). */
    deliver(id: string): void {
      Object.assign(rows.get(id)!, { status: 'delivered', leaseOwner: null, leaseUntil: null });
    },
  };
}

export function memoryEvents() {
  const unfanned = new Map<string, { _id: string; orgId: string; type: string; orderingKey: string }>();
  const port: OrderingEvents = {
    async earlierUnfanned(orgId, orderingKeys, beforeId, exclude = []) {
      return [...unfanned.values()].filter((e) => e.orgId === orgId && orderingKeys.includes(e.orderingKey) && e._id < beforeId && !exclude.includes(e._id));
    },
  };
  return {
    ...port,
    record(e: { id: string; orgId: string; type: string; orderingKey: string }): void {
      unfanned.set(e.id, { _id: e.id, orgId: e.orgId, type: e.type, orderingKey: e.orderingKey });
    },
    markFannedOut(id: string): void {
      unfanned.delete(id);
    },
  };
}

export function memoryEndpoints(endpoints: EndpointRecord[]) {
  return {
    async findById(orgId: string, id: string) {
      return endpoints.find((e) => e.orgId === orgId && e.id === id) ?? null;
    },
  };
}

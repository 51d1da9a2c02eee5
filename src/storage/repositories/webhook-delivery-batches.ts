import type { Collection, Filter } from 'mongodb';
import { createBatcher } from '../../domain/shared/batcher.ts';
import type { DeliveryEdge, DeliveryRecord } from '../../domain/webhooks/types.ts';

type DeliveryDoc = Omit<DeliveryRecord, 'id'> & { _id: string };

export interface RangeQuery {
  orgId: string;
  endpointId: string;
  orderingKey: string;
  /** Exclusive. */
  afterEventId: string;
  /** Inclusive. */
  throughEventId: string;
}

export interface WaiterClaim {
  orgId: string;
  ids: string[];
  owner: string;
  now: Date;
  leaseUntil: Date;
  /** Flags the deliveries `successorWaiting`: each wakes its chain when it ends. */
  wakesNext?: boolean;
}

// How many questions (chains) one command answers at most.
const MAX_BATCH = 64;
const EDGE = { orgId: 1, endpointId: 1, orderingKey: 1, eventId: 1, waiting: 1 } as const;

const edgeOf = (d: Pick<DeliveryDoc, '_id' | 'orgId' | 'endpointId' | 'orderingKey' | 'eventId' | 'waiting'>): DeliveryEdge => ({
  id: d._id,
  orgId: d.orgId,
  endpointId: d.endpointId,
  orderingKey: d.orderingKey,
  eventId: d.eventId,
  waiting: d.waiting,
});

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const group = out.get(key(item));
    if (group) group.push(item);
    else out.set(key(item), [item]);
  }
  return out;
}

/**
 * The delivery path's per-chain questions, asked by many chains at once while their
 * deliveries are being sent, answered a batch at a time: one command for the batch
 * instead of one per chain. Each read is exact (one `$or` branch per chain, each an index
 * range of the ordering_key index), and each claim is told exactly which of its
 * deliveries it took.
 */
export function createDeliveryBatches(coll: Collection<DeliveryDoc>) {
  const ranges = createBatcher<RangeQuery, DeliveryEdge[]>(
    async (qs) => {
      const answers = new Map<RangeQuery, DeliveryEdge[]>();
      for (const [orgId, group] of groupBy(qs, (q) => q.orgId)) {
        const branches: Filter<DeliveryDoc>[] = group.map((q) => ({
          orderingKey: q.orderingKey,
          status: 'pending',
          endpointId: q.endpointId,
          orgId,
          eventId: { $gt: q.afterEventId, $lte: q.throughEventId },
        }));
        const docs = await coll.find(branches.length === 1 ? branches[0] : { $or: branches }, { projection: EDGE }).toArray();
        for (const q of group) {
          const mine = docs.filter(
            (d) => d.endpointId === q.endpointId && d.orderingKey === q.orderingKey && d.eventId > q.afterEventId && d.eventId <= q.throughEventId,
          );
          answers.set(q, mine.sort((a, b) => (a.eventId < b.eventId ? -1 : 1)).map(edgeOf));
        }
      }
      return qs.map((q) => answers.get(q) ?? []);
    },
    MAX_BATCH,
    { concurrency: 2 },
  );

  // Each batch of claims writes a lease deadline no earlier batch of this process wrote
  // (batches run one at a time), so the deliveries it took are told apart by it when it
  // did not take them all.
  let lastLeaseUntil = 0;
  const claims = createBatcher<WaiterClaim, number>(async (items) => {
    const now = new Date(Math.max(...items.map((i) => i.now.getTime())));
    const leaseUntil = new Date(Math.max(lastLeaseUntil + 1, ...items.map((i) => i.leaseUntil.getTime())));
    lastLeaseUntil = leaseUntil.getTime();
    // An id asked for twice in a batch is given to the first asker only.
    const askedBy = new Map<string, WaiterClaim>();
    for (const item of items) for (const id of item.ids) if (!askedBy.has(id)) askedBy.set(id, item);
    const taken = new Set<string>();
    for (const group of groupBy(items, (i) => `${i.owner}\u0000${i.orgId}\u0000${i.wakesNext === true}`).values()) {
      const { orgId, owner, wakesNext } = group[0];
      const ids = [...new Set(group.flatMap((i) => i.ids))];
      const res = await coll.updateMany(
        { _id: { $in: ids }, orgId, status: 'pending', waiting: 'predecessor', $or: [{ leaseUntil: null }, { leaseUntil: { $lte: now } }] },
        // A waiter has no attempt time (the due sweep never reads it): it is due now.
        { $set: { leaseOwner: owner, leaseUntil, waiting: null, nextAttemptAt: now, updatedAt: now, ...(wakesNext ? { successorWaiting: true } : {}) } },
      );
      if (res.modifiedCount === ids.length) ids.forEach((id) => taken.add(id));
      else if (res.modifiedCount > 0) {
        const mine = await coll.find({ _id: { $in: ids }, orgId, leaseOwner: owner, leaseUntil }, { projection: { _id: 1 } }).toArray();
        for (const d of mine) taken.add(d._id);
      }
    }
    return items.map((item) => item.ids.filter((id) => taken.has(id) && askedBy.get(id) === item).length);
  }, MAX_BATCH);

  return {
    /** The pending deliveries of a chain with event ids in (after, through], in event order. */
    pendingInRange: (q: RangeQuery) => ranges.add(q),
    /** Takes the attempt lease of waiting deliveries (due at once); how many of `ids` this call took. */
    claimWaiters(claim: WaiterClaim): Promise<number> {
      return claims.add(claim);
    },
  };
}

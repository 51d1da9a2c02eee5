import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testMongoUri, uniqueDbName } from '../../../test/support/mongo-uri.ts';
import type { DeliveryRecord } from '../../domain/webhooks/types.ts';
import { waitingDelivery } from '../../webhooks/memory-ports.ts';
import { connectStore, type StoreConnection } from '../connection.ts';
import { createWebhookDeliveriesRepo } from './webhook-deliveries-repo.ts';

let store: StoreConnection;
beforeAll(async () => {
  store = await connectStore({ uri: testMongoUri(), dbName: uniqueDbName('dlvbatch'), timeoutMs: 10_000 });
});
afterAll(() => store.close());

let n = 0;
/** A waiting delivery of chain (org, 'ep', key), with an id of its own. */
function delivery(orgId: string, orderingKey: string, eventId: string, over: Partial<DeliveryRecord> = {}): DeliveryRecord {
  n += 1;
  return waitingDelivery(eventId, { id: `d${String(n).padStart(4, '0')}`, orgId, endpointId: 'ep', orderingKey, ...over });
}

describe('delivery batches', () => {
  it('answers concurrent range reads of many chains exactly, though they share one command', async () => {
    const repo = createWebhookDeliveriesRepo(store.db);
    const rows = [
      delivery('o1', 'a', 'e01'),
      delivery('o1', 'a', 'e02'),
      delivery('o1', 'a', 'e03', { status: 'delivered', waiting: null }),
      delivery('o1', 'a', 'e04'),
      delivery('o1', 'b', 'e02'),
      delivery('o1', 'b', 'e05'),
      delivery('o2', 'a', 'e02'),
    ];
    await repo.insertMany(rows);
    const ids = (p: Promise<{ id: string }[]>) => p.then((xs) => xs.map((x) => x.id));
    const [a, aWide, b, other, none] = await Promise.all([
      ids(repo.pendingInRange('o1', 'ep', 'a', 'e01', 'e03')),
      ids(repo.pendingInRange('o1', 'ep', 'a', 'e00', 'e09')),
      ids(repo.pendingInRange('o1', 'ep', 'b', 'e02', 'e05')),
      ids(repo.pendingInRange('o2', 'ep', 'a', 'e01', 'e02')),
      ids(repo.pendingInRange('o1', 'other-endpoint', 'a', 'e00', 'e09')),
    ]);
    expect(a).toEqual([rows[1].id]); // e02 only: e01 excluded, e03 not pending
    expect(aWide).toEqual([rows[0].id, rows[1].id, rows[3].id]);
    expect(b).toEqual([rows[5].id]);
    expect(other).toEqual([rows[6].id]); // the other organization's own chain, nothing of o1's
    expect(none).toEqual([]);
  });

  it('tells each of concurrent claims exactly what it took when some waiters are taken already', async () => {
    const repo = createWebhookDeliveriesRepo(store.db);
    const now = new Date();
    const leaseUntil = new Date(now.getTime() + 15_000);
    const free = [0, 1, 2, 3].map((i) => delivery('o3', `k${i}`, 'e1'));
    const leased = delivery('o3', 'k9', 'e1', { waiting: null, leaseOwner: 'other', leaseUntil });
    await repo.insertMany([...free, leased]);
    const opts = { owner: 'me', now, leaseUntil };
    const taken = await Promise.all([
      repo.claimWaiters('o3', [free[0].id, free[1].id], opts),
      repo.claimWaiters('o3', [leased.id, free[2].id], opts),
      // Asked twice in the same turn: only one of the two askers may be told it took it.
      repo.claimWaiters('o3', [free[3].id], opts),
      repo.claimWaiters('o3', [free[3].id], opts),
      // Another organization's id is never taken under this one.
      repo.claimWaiters('o4', [free[0].id], opts),
    ]);
    expect(taken.slice(0, 2)).toEqual([2, 1]);
    expect(taken[2] + taken[3]).toBe(1);
    expect(taken[4]).toBe(0);
    for (const d of free) expect((await repo.findById('o3', d.id))?.leaseOwner).toBe('me');
    expect((await repo.findById('o3', leased.id))?.leaseOwner).toBe('other');
    // Claimed already: a later claim takes nothing.
    expect(await repo.claimWaiters('o3', [free[0].id], { ...opts, now: new Date() })).toBe(0);
    // Claims made at once with and without the flag each get what they asked for.
    const [flagged, plain] = [delivery('o3', 'k7', 'e1'), delivery('o3', 'k8', 'e1')];
    await repo.insertMany([flagged, plain]);
    await Promise.all([repo.claimWaiters('o3', [flagged.id], { ...opts, wakesNext: true }), repo.claimWaiters('o3', [plain.id], opts)]);
    expect((await repo.findById('o3', flagged.id))?.successorWaiting).toBe(true);
    expect((await repo.findById('o3', plain.id))?.successorWaiting).toBe(false);
  });

  it('a waiter flags the deliveries being attempted before it and the last waiter before it, nothing else', async () => {
    const repo = createWebhookDeliveriesRepo(store.db);
    const leaseUntil = new Date(Date.now() + 15_000);
    const chain = [
      delivery('o5', 'k', 'e1', { waiting: null, leaseOwner: 'x', leaseUntil }),
      delivery('o5', 'k', 'e2'),
      delivery('o5', 'k', 'e3'),
      delivery('o5', 'k', 'e4'),
      delivery('o5', 'k', 'e5'),
      delivery('o5', 'other', 'e2'),
    ];
    await repo.insertMany(chain);
    await repo.flagSuccessor('o5', 'ep', 'k', 'e4');
    const flags = await Promise.all(chain.map(async (d) => (await repo.findById('o5', d.id))!.successorWaiting));
    expect(flags).toEqual([true, false, true, false, false, false]);
  });
});

import type { Clock } from '../domain/shared/clock.ts';
import type { DeliveryRecord, DeliveryStore } from '../domain/webhooks/types.ts';

export interface WaiterClaimDeps {
  deliveries: Pick<DeliveryStore, 'claimWaiters'>;
  clock: Clock;
  owner: string;
  leaseMs: number;
}

/**
 * A waiting delivery as the store holds it once claimed (what `claimWaiters` writes). Its
 * `successorWaiting` is as last known here: a delivery that waits behind it flags it in
 * the store, and the result's write finds that flag (see attempt-runner.ts).
 */
export const asClaimed = (d: DeliveryRecord, owner: string, now: Date, leaseUntil: Date): DeliveryRecord => ({
  ...d,
  waiting: null,
  leaseOwner: owner,
  leaseUntil,
  nextAttemptAt: now,
  updatedAt: now,
});

/**
 * Claims one waiting delivery whose record is at hand (the head just read, a delivery just
 * inserted): through the claims many chains make at once, one write for all of them, and
 * no read back of the record.
 */
export async function claimWaiter(deps: WaiterClaimDeps, d: DeliveryRecord, opts: { wakesNext?: boolean } = {}): Promise<DeliveryRecord | null> {
  const now = deps.clock.now();
  const leaseUntil = new Date(now.getTime() + deps.leaseMs);
  const taken = await deps.deliveries.claimWaiters(d.orgId, [d.id], { owner: deps.owner, now, leaseUntil, wakesNext: opts.wakesNext });
  if (taken !== 1) return null;
  const claimed = asClaimed(d, deps.owner, now, leaseUntil);
  return opts.wakesNext ? { ...claimed, successorWaiting: true } : claimed;
}

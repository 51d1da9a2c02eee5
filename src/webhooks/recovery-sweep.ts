import type { Clock } from '../domain/shared/clock.ts';
import type { DeliveryRecord, DeliveryStore } from '../domain/webhooks/types.ts';
import type { EventsRepo } from '../events/events-repo.ts';
import type { StagedEvent } from '../events/outbox.ts';
import { chainOf } from './successor-links.ts';

const MAX_EVENTS = 500;
const MAX_DUE = 200;
const MAX_WAITING = 100;
const RECENT_EVENTS_MS = 10 * 60_000;
// Every FULL_EVERY-th pass (and the first) reads every unfanned event, not just recent ones.
const FULL_EVERY = 60;

export interface RecoverySweepDeps {
  events: Pick<EventsRepo, 'adoptLegacyUnfanned' | 'pendingFanout'>;
  deliveries: Pick<DeliveryStore, 'due' | 'staleWaiting'>;
  clock: Clock;
  fanOut(event: StagedEvent): Promise<DeliveryRecord[]>;
  attemptIfDue(orgId: string, id: string): Promise<void>;
  kickNext(orgId: string, endpointId: string, orderingKey: string, upTo?: string): Promise<void>;
  /** Forgets in-process chain knowledge nobody used for long (on full passes). */
  prune(): void;
  stopped(): boolean;
}

/** The smallest UUIDv7 of a millisecond: event ids at or after `ms` sort at or above it. */
const uuidFloor = (ms: number) => {
  const hex = Math.max(0, ms).toString(16).padStart(12, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-0000-0000-000000000000`;
};

/**
 * Crash recovery, one pass at a time: events not fanned out (those of the last minutes on
 * every pass, all of them at start-up and every 60th pass: the live path fans out at once,
 * this is for what a crashed process left), overdue deliveries whose lease expired or whose
 * retry job was lost, and waiters whose predecessor finished unseen.
 */
export function createRecoverySweep(deps: RecoverySweepDeps) {
  let sweeps = 0;
  return async function sweep(graceMs: number): Promise<number> {
    // Events recorded before the unfanned field existed, once per process (start-up).
    if (sweeps === 0) await deps.events.adoptLegacyUnfanned();
    const full = sweeps++ % FULL_EVERY === 0;
    if (full) deps.prune();
    const nowMs = deps.clock.now().getTime();
    // The _id range leaves the last seconds to the live path; both passes read only
    // unfanned events, through the {unfanned, _id} index.
    const window = full ? undefined : { from: uuidFloor(nowMs - RECENT_EVENTS_MS), before: uuidFloor(nowMs - 2_000) };
    const events = await deps.events.pendingFanout(MAX_EVENTS, window);
    await Promise.all(events.map(deps.fanOut));
    const work = events.length;
    if (deps.stopped()) return work;
    const now = deps.clock.now();
    const due = await deps.deliveries.due(new Date(now.getTime() - graceMs), MAX_DUE);
    await Promise.all(due.map((d) => deps.attemptIfDue(d.orgId, d.id)));
    const waiting = await deps.deliveries.staleWaiting(new Date(now.getTime() - Math.max(graceMs, 5_000)), MAX_WAITING);
    // One kick per chain: a backlog's waiters all wait behind the same head.
    const chains = new Map<string, DeliveryRecord>();
    for (const d of waiting) if (!chains.has(chainOf(d)) || d.eventId < chains.get(chainOf(d))!.eventId) chains.set(chainOf(d), d);
    for (const d of chains.values()) await deps.kickNext(d.orgId, d.endpointId, d.orderingKey, d.eventId);
    return work + due.length + waiting.length;
  };
}

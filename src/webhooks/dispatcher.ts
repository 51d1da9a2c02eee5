import type { IdGenerator } from '../domain/shared/ids.ts';
import type { AttemptRecord, DeliveryRecord, EndpointRecord } from '../domain/webhooks/types.ts';
import { subscriptionMatches } from '../events/event-types.ts';
import type { EventsRepo } from '../events/events-repo.ts';
import type { StagedEvent } from '../events/outbox.ts';
import { createBatcher } from '../domain/shared/batcher.ts';
import { attemptDelivery, type AttemptDeps } from './delivery-attempt.ts';
import { serializeEnvelope, testTarget } from './envelope.ts';
import type { Verdict } from './retry-policy.ts';

export interface DispatcherDeps extends Omit<AttemptDeps, 'onOutcome' | 'finishDelivered'> {
  events: EventsRepo;
  ids: IdGenerator;
  retentionMs: number;
  /** Persists a retry (an Agenda job); the recovery sweep is the backstop if it is lost. */
  scheduleRetry(d: DeliveryRecord): Promise<void>;
  onOutcome?(saved: DeliveryRecord, verdict: Verdict): void;
}

interface StoreOrder {
  enabled: EndpointRecord[];
  around(event: StagedEvent, endpoint: EndpointRecord): { earlier: boolean; later: boolean };
}

const MAX_BATCH = 500;
// Fan-outs outside the outbox's own batches (sweeps, direct calls): two batches at once,
// so one does not wait behind another (their store reads order them, as between two
// processes).
const FAN_OUT_CONCURRENCY = 2;
const RECENT_EVENTS_MS = 10 * 60_000;

/** The smallest UUIDv7 of a millisecond: event ids at or after `ms` sort at or above it. */
const uuidFloor = (ms: number) => {
  const hex = Math.max(0, ms).toString(16).padStart(12, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-0000-0000-000000000000`;
};
/** Events grouped by organization, each group in event-id (recording) order. */
function byOrgInIdOrder(events: StagedEvent[]): Map<string, StagedEvent[]> {
  const byOrg = new Map<string, StagedEvent[]>();
  for (const e of [...events].sort((a, b) => (a.id < b.id ? -1 : 1))) groupInto(byOrg, e.orgId, e);
  return byOrg;
}
const keyOf = (endpointId: string, orderingKey: string) => `${endpointId}\u0000${orderingKey}`;
const groupInto = <T>(groups: Map<string, T[]>, key: string, item: T) => {
  const group = groups.get(key);
  if (group) group.push(item);
  else groups.set(key, [item]);
};

/**
 * Turns recorded events into deliveries and makes their attempts. Fan-out is idempotent
 * (unique (endpoint, event) index); an attempt is made only under a lease (the first one
 * is inserted already leased, later ones are claimed with one findOneAndUpdate), so two
 * processes never attempt the same delivery at once; only the oldest pending delivery of
 * an (endpoint, orderingKey) is attempted. Fan-out and successful attempts are written
 * in batches, so a burst shares store round trips.
 */
export function createDispatcher(deps: DispatcherDeps) {
  const leaseMs = deps.timeoutMs + 5_000;
  const inFlight = new Set<Promise<unknown>>();
  /**
   * Fan-outs under way, by event id, each the promise of its batch's deliveries by event:
   * a sweep or a direct call meeting an event being fanned out joins that fan-out.
   */
  const fanningOut = new Map<string, Promise<Map<string, DeliveryRecord[]>>>();
  function noteFanningOut(ids: string[], run: Promise<Map<string, DeliveryRecord[]>>): void {
    for (const id of ids) fanningOut.set(id, run);
    void run.catch(() => undefined).finally(() => ids.forEach((id) => fanningOut.delete(id)));
  }
  let stopped = false;

  function track<T>(p: Promise<T>): void {
    const guarded = p.catch((err) => deps.logger.error({ err }, 'webhook dispatch failed'));
    inFlight.add(guarded);
    void guarded.finally(() => inFlight.delete(guarded));
  }

  type Finished = { d: DeliveryRecord; set: Partial<DeliveryRecord>; attempt: AttemptRecord };
  const finishAll = (items: Finished[], onlyWithoutSuccessor = false) =>
    deps.deliveries.finishMany(items.map(({ d, set, attempt }) => ({ orgId: d.orgId, id: d.id, owner: deps.owner, set, attempt })), { onlyWithoutSuccessor });

  /**
   * Successful attempts, written in batches. Those with no successor known are written on
   * condition that none is flagged: if all of them were, none has a successor to wake (a
   * flag set after the write cannot apply: it flags pending deliveries only), and the
   * batch took one round trip. Otherwise the rest are written and the flags read back.
   */
  const finisher = createBatcher<Finished, void>(async (items) => {
    const plain = items.filter((i) => !i.d.successorWaiting);
    const allPlainWritten = (await finishAll(plain, true)) === plain.length;
    const rest = allPlainWritten ? items.filter((i) => i.d.successorWaiting) : items;
    if (rest.length > 0) await finishAll(rest);
    for (const { d, set } of items) deps.onOutcome?.({ ...d, ...set }, { kind: 'delivered' });
    if (rest.length > 0) {
      for (const done of await deps.deliveries.finishedWithSuccessor(rest.map((i) => i.d.id))) {
        track(kickNext(done.orgId, done.endpointId, done.orderingKey));
      }
    }
    return items.map(() => undefined);
  }, MAX_BATCH);

  const attemptDeps: AttemptDeps = {
    ...deps,
    onOutcome(saved, verdict) {
      deps.onOutcome?.(saved, verdict);
      if (saved.status === 'pending') {
        deps.scheduleRetry(saved).catch((err) => deps.logger.error({ err, deliveryId: saved.id }, 'scheduling a webhook retry failed'));
      } else if (saved.successorWaiting) {
        track(kickNext(saved.orgId, saved.endpointId, saved.orderingKey));
      }
    },
    finishDelivered: (d, set, attempt) => finisher.add({ d, set, attempt }),
  };

  function newDelivery(event: StagedEvent, endpoint: EndpointRecord, body: string, now: Date, waits: boolean): DeliveryRecord {
    return {
      id: deps.ids.uuid(),
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
      nextAttemptAt: now,
      waiting: waits ? 'predecessor' : null,
      successorWaiting: false,
      // Inserted already leased: the first attempt needs no claim round trip.
      leaseOwner: waits ? null : deps.owner,
      leaseUntil: waits ? null : new Date(now.getTime() + leaseMs),
      createdAt: now,
      updatedAt: now,
      deliveredAt: null,
      expiresAt: new Date(now.getTime() + deps.retentionMs),
    };
  }

  async function targetsOf(event: StagedEvent, enabled: EndpointRecord[]): Promise<EndpointRecord[]> {
    if (event.type !== 'webhook.test') return enabled.filter((e) => subscriptionMatches(e.events, event.type));
    // Always delivered to the endpoint being tested, whatever it subscribes to.
    const id = testTarget(event.orderingKey);
    const endpoint = id ? await deps.endpoints.findById(event.orgId, id) : null;
    return endpoint ? [endpoint] : [];
  }

  /**
   * What the store says about the order of a batch's resources: deliveries still pending,
   * and earlier events another process recorded but has not fanned out yet. The events are
   * read first: an event found fanned out there has its deliveries visible in the read after.
   */
  async function storeOrder(orgId: string, events: StagedEvent[]): Promise<StoreOrder> {
    const keys = [...new Set(events.map((e) => e.orderingKey))];
    const [enabled, unfanned] = await Promise.all([
      deps.endpoints.listEnabled(orgId),
      deps.events.earlierUnfanned(orgId, keys, events[events.length - 1].id, events.map((e) => e.id)),
    ]);
    const pending = await deps.deliveries.pendingForKeys(orgId, keys);
    return {
      enabled,
      /** Whether the store holds an earlier and a later delivery of this event's resource for the endpoint. */
      around(event: StagedEvent, endpoint: EndpointRecord) {
        const queued = pending.filter((p) => p.endpointId === endpoint.id && p.orderingKey === event.orderingKey);
        return {
          earlier:
            queued.some((p) => p.eventId < event.id) ||
            unfanned.some((u) => u.orderingKey === event.orderingKey && u._id < event.id && subscriptionMatches(endpoint.events, u.type)),
          later: queued.some((p) => p.eventId > event.id),
        };
      },
    };
  }

  /**
   * One organization's share of a fan-out batch (sorted by event id): a few round trips
   * for all its events. `ordered` is its storeOrder if already started.
   */
  async function fanOutOrg(orgId: string, events: StagedEvent[], ordered?: Promise<StoreOrder>): Promise<Map<string, DeliveryRecord[]>> {
    const order = await (ordered ?? storeOrder(orgId, events));
    const now = deps.clock.now();
    const endpointsById = new Map<string, EndpointRecord>();
    const latest = new Map<string, DeliveryRecord>();
    const blockedByStore = new Set<DeliveryRecord>();
    const records: DeliveryRecord[] = [];
    for (const event of events) {
      const body = serializeEnvelope(event);
      for (const endpoint of await targetsOf(event, order.enabled)) {
        endpointsById.set(endpoint.id, endpoint);
        const key = keyOf(endpoint.id, event.orderingKey);
        const earlierInBatch = latest.get(key);
        const inStore = order.around(event, endpoint);
        const d = newDelivery(event, endpoint, body, now, Boolean(earlierInBatch) || inStore.earlier);
        // A later event of the resource fanned out first (by another process) waits for this one.
        d.successorWaiting = inStore.later;
        if (earlierInBatch) earlierInBatch.successorWaiting = true;
        else if (inStore.earlier) blockedByStore.add(d);
        latest.set(key, d);
        records.push(d);
      }
    }
    const inserted = await deps.deliveries.insertMany(records);
    const byEvent = new Map<string, DeliveryRecord[]>();
    for (const d of inserted) {
      groupInto(byEvent, d.eventId, d);
      if (!d.waiting) track(attemptClaimed(d, endpointsById.get(d.endpointId)!, true));
      else if (blockedByStore.has(d)) track(waitBehind(d));
    }
    const heads = inserted.filter((d) => !d.waiting && !d.successorWaiting);
    if (heads.length > 0) track(wakeLateWaiters(orgId, heads));
    // Marked only once the deliveries exist (a crash before this re-fans out, harmlessly);
    // the first attempts do not wait for it.
    await deps.events.markFannedOut(events.map((e) => e.id), now);
    return byEvent;
  }

  /**
   * A later delivery of a key that another process inserted while this batch was being
   * written may have flagged nothing (these did not exist yet) and been missed by the read
   * before: flag these for it now, and wake it if its predecessor is already done.
   */
  async function wakeLateWaiters(orgId: string, heads: DeliveryRecord[]): Promise<void> {
    const waiters = await deps.deliveries.pendingForKeys(orgId, [...new Set(heads.map((h) => h.orderingKey))], { waitingOnly: true });
    if (waiters.length === 0) return;
    for (const h of heads) {
      const later = waiters.find((w) => w.endpointId === h.endpointId && w.orderingKey === h.orderingKey && w.eventId > h.eventId);
      if (!later) continue;
      await deps.deliveries.flagSuccessor(orgId, h.endpointId, h.orderingKey, later.eventId);
      await kickNext(orgId, h.endpointId, h.orderingKey);
    }
  }

  const fanOutBatcher = createBatcher<StagedEvent, DeliveryRecord[]>(async (events) => {
    const results = new Map<string, DeliveryRecord[]>();
    for (const [orgId, orgEvents] of byOrgInIdOrder(events)) for (const [eventId, ds] of await fanOutOrg(orgId, orgEvents)) results.set(eventId, ds);
    return events.map((e) => results.get(e.id) ?? []);
  }, MAX_BATCH, { concurrency: FAN_OUT_CONCURRENCY });

  /**
   * Fans out a batch the outbox is writing. The reads that order it do not need it written
   * (its own events are left out of them), so they run beside the write rather than after
   * it; the deliveries are inserted only for the events the write recorded.
   */
  async function fanOutRecording(batch: StagedEvent[], recorded: Promise<StagedEvent[]>): Promise<Map<string, DeliveryRecord[]>> {
    const orgs = [...byOrgInIdOrder(batch)].map(([orgId, events]) => ({ orgId, events, order: storeOrder(orgId, events) }));
    for (const o of orgs) o.order.catch(() => undefined);
    const results = new Map<string, DeliveryRecord[]>();
    let fresh: Set<string>;
    try {
      fresh = new Set((await recorded).map((e) => e.id));
    } catch {
      return results; // not recorded: the caller was told, and there is nothing to deliver
    }
    for (const { orgId, events, order } of orgs) {
      const recordedNow = events.filter((e) => fresh.has(e.id));
      if (recordedNow.length > 0) for (const [eventId, ds] of await fanOutOrg(orgId, recordedNow, order)) results.set(eventId, ds);
    }
    return results;
  }

  function fanOut(event: StagedEvent): Promise<DeliveryRecord[]> {
    let run = fanningOut.get(event.id);
    if (!run) {
      run = fanOutBatcher.add(event).then((ds) => new Map([[event.id, ds]]));
      noteFanningOut([event.id], run);
    }
    return run.then((results) => results.get(event.id) ?? []);
  }

  async function attemptClaimed(d: DeliveryRecord, known: EndpointRecord | null, headChecked: boolean): Promise<void> {
    const endpoint = known ?? (await deps.endpoints.findById(d.orgId, d.endpointId));
    if (!endpoint) {
      await deps.deliveries.finishAttempt(d.orgId, d.id, deps.owner, { status: 'dropped', lastError: 'endpoint deleted', nextAttemptAt: null, leaseOwner: null, leaseUntil: null }, null);
      return;
    }
    if (!endpoint.enabled) {
      // Disabling pauses delivery; enabling the endpoint again resumes it.
      await deps.deliveries.release(d.orgId, d.id, deps.owner, { waiting: 'endpoint_disabled', nextAttemptAt: null, updatedAt: deps.clock.now() });
      return;
    }
    if (!headChecked) {
      const head = await deps.deliveries.head(d.orgId, d.endpointId, d.orderingKey);
      if (head && head.id !== d.id) {
        await deps.deliveries.release(d.orgId, d.id, deps.owner, { waiting: 'predecessor', updatedAt: deps.clock.now() });
        await waitBehind({ ...d, waiting: 'predecessor' });
        return;
      }
    }
    await attemptDelivery(attemptDeps, d, endpoint);
  }

  /** After a delivery starts waiting: mark what it waits for, then re-check (closes the race with a finishing predecessor). */
  async function waitBehind(d: DeliveryRecord): Promise<void> {
    await deps.deliveries.flagSuccessor(d.orgId, d.endpointId, d.orderingKey, d.eventId);
    await kickNext(d.orgId, d.endpointId, d.orderingKey);
  }

  /** An earlier event of the head's resource, for its endpoint, whose delivery does not exist yet. */
  async function earlierEventUnfanned(head: DeliveryRecord): Promise<boolean> {
    const unfanned = await deps.events.earlierUnfanned(head.orgId, [head.orderingKey], head.eventId);
    if (unfanned.length === 0) return false;
    const endpoint = await deps.endpoints.findById(head.orgId, head.endpointId);
    for (const u of unfanned) {
      // Between its deliveries' insert and its fannedOutAt mark, an event has both.
      if (endpoint && subscriptionMatches(endpoint.events, u.type) && !(await deps.deliveries.findByEvent(head.orgId, head.endpointId, u._id))) return true;
    }
    return false;
  }

  async function kickNext(orgId: string, endpointId: string, orderingKey: string): Promise<void> {
    const head = await deps.deliveries.head(orgId, endpointId, orderingKey);
    if (!head || head.waiting !== 'predecessor') return;
    // Its fan-out (here or in another process) marks the new delivery as this one's predecessor.
    if (await earlierEventUnfanned(head)) return;
    // An event found fanned out above may have had its delivery inserted after `head` was
    // read: only a head read after the events check may be claimed.
    const again = await deps.deliveries.head(orgId, endpointId, orderingKey);
    if (!again || again.id !== head.id) return kickNext(orgId, endpointId, orderingKey);
    const now = deps.clock.now();
    const claimed = await deps.deliveries.claim(orgId, head.id, { owner: deps.owner, now, leaseUntil: new Date(now.getTime() + leaseMs), waiting: 'predecessor' });
    if (claimed) await attemptClaimed(claimed, null, true);
  }

  /** Attempts a due delivery if this process wins its lease (retries, redeliveries, recovery). */
  async function attemptIfDue(orgId: string, deliveryId: string): Promise<void> {
    if (stopped) return;
    const now = deps.clock.now();
    const claimed = await deps.deliveries.claim(orgId, deliveryId, { owner: deps.owner, now, leaseUntil: new Date(now.getTime() + leaseMs), waiting: null });
    if (claimed) await attemptClaimed(claimed, null, false);
  }

  let sweeps = 0;
  return {
    fanOut,
    /** The outbox listener: fan out as soon as events are recorded, no polling delay. */
    onRecording(batch: StagedEvent[], recorded: Promise<StagedEvent[]>): void {
      if (stopped) return;
      const run = fanOutRecording(batch, recorded);
      noteFanningOut(batch.map((e) => e.id), run);
      track(run);
    },
    attemptIfDue,
    dispatchSoon(orgId: string, deliveryId: string): void {
      track(attemptIfDue(orgId, deliveryId));
    },
    kickNext,
    /**
     * One pass of crash recovery: events not fanned out (those of the last minutes on every
     * pass, all of them at start-up and every 60th pass: the live path fans out at once, this
     * is for what a crashed process left), overdue deliveries whose lease expired, and
     * waiters whose predecessor finished unseen.
     */
    async sweep(graceMs: number): Promise<number> {
      const full = sweeps++ % 60 === 0;
      const nowMs = deps.clock.now().getTime();
      // The _id range leaves the last seconds to the live path; both passes read only
      // unfanned events, through the {fannedOutAt, _id} index.
      const window = full ? undefined : { from: uuidFloor(nowMs - RECENT_EVENTS_MS), before: uuidFloor(nowMs - 2_000) };
      const events = await deps.events.pendingFanout(MAX_BATCH, window);
      await Promise.all(events.map(fanOut));
      const work = events.length;
      if (stopped) return work;
      const now = deps.clock.now();
      const due = await deps.deliveries.due(new Date(now.getTime() - graceMs), 200);
      await Promise.all(due.map((d) => attemptIfDue(d.orgId, d.id)));
      const waiting = await deps.deliveries.staleWaiting(new Date(now.getTime() - Math.max(graceMs, 5_000)), 100);
      for (const d of waiting) await kickNext(d.orgId, d.endpointId, d.orderingKey);
      return work + due.length + waiting.length;
    },
    async stop(timeoutMs: number): Promise<void> {
      stopped = true;
      const deadline = new Promise((r) => setTimeout(r, timeoutMs).unref());
      await Promise.race([Promise.allSettled([...inFlight]), deadline]);
    },
    inFlightCount: () => inFlight.size,
  };
}

export type Dispatcher = ReturnType<typeof createDispatcher>;

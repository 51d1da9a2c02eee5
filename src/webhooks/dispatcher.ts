import type { IdGenerator } from '../domain/shared/ids.ts';
import type { AttemptRecord, DeliveryRecord, EndpointRecord } from '../domain/webhooks/types.ts';
import { subscriptionMatches } from '../events/event-types.ts';
import type { EventsRepo } from '../events/events-repo.ts';
import type { StagedEvent } from '../events/outbox.ts';
import { createBatcher } from '../domain/shared/batcher.ts';
import { attemptDelivery, type AttemptDeps } from './delivery-attempt.ts';
import { serializeEnvelope, testTarget } from './envelope.ts';
import type { Verdict } from './retry-policy.ts';
import { readStoreOrder, type StoreOrder } from './store-order.ts';
import { chainOf, createSuccessorLinks, type PreparedSuccessor } from './successor-links.ts';

export interface DispatcherDeps extends Omit<AttemptDeps, 'onOutcome' | 'finishDelivered'> {
  events: EventsRepo;
  ids: IdGenerator;
  retentionMs: number;
  /** Persists a retry (an Agenda job); the recovery sweep is the backstop if it is lost. */
  scheduleRetry(d: DeliveryRecord): Promise<void>;
  onOutcome?(saved: DeliveryRecord, verdict: Verdict): void;
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
  const successors = createSuccessorLinks({ deliveries: deps.deliveries, events: deps.events, endpoints: deps.endpoints, clock: deps.clock, owner: deps.owner, leaseMs });
  /** Successors being prepared, by the id of the delivery being sent before them. */
  const preparing = new Map<string, Promise<PreparedSuccessor | null>>();

  function track<T>(p: Promise<T>): void {
    const guarded = p.catch((err) => deps.logger.error({ err }, 'webhook dispatch failed'));
    inFlight.add(guarded);
    void guarded.finally(() => inFlight.delete(guarded));
  }

  /** `handedOff`: its successor is already being sent; nothing to wake after the write. */
  type Finished = { d: DeliveryRecord; set: Partial<DeliveryRecord>; attempt: AttemptRecord; handedOff?: boolean };
  const finishAll = (items: Finished[], onlyWithoutSuccessor = false) =>
    deps.deliveries.finishMany(items.map(({ d, set, attempt }) => ({ orgId: d.orgId, id: d.id, owner: deps.owner, set, attempt })), { onlyWithoutSuccessor });

  /**
   * Successful attempts, written in batches. Those with no successor known are written on
   * condition that none is flagged: if all of them were, none has a successor to wake (a
   * flag set after the write cannot apply: it flags pending deliveries only), and the
   * batch took one round trip. Otherwise the rest are written and the flags read back.
   */
  const finisher = createBatcher<Finished, void>(async (items) => {
    const plain = items.filter((i) => !i.d.successorWaiting && !i.handedOff);
    const allPlainWritten = (await finishAll(plain, true)) === plain.length;
    // Item order is kept: a chain's results land predecessor first.
    const unwritten = allPlainWritten ? items.filter((i) => i.d.successorWaiting || i.handedOff) : items;
    if (unwritten.length > 0) await finishAll(unwritten);
    for (const { d, set } of items) deps.onOutcome?.({ ...d, ...set }, { kind: 'delivered' });
    const rest = unwritten.filter((i) => !i.handedOff);
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
    finishDelivered: (d, set, attempt) => {
      // Successors prepared as it was sent, or linked while it was (checked and claimed now).
      successors.noteEnded(d.id);
      const prepared = preparing.get(d.id) ?? successors.prepare(d);
      preparing.delete(d.id);
      if (prepared) return handOff(d, prepared, { d, set, attempt });
      successors.close(d);
      return finisher.add({ d, set, attempt });
    },
  };

  /**
   * The receiver took `d`: its successors, claimed meanwhile, are sent one after another
   * at once, and `d`'s result written beside them. If they could not be claimed, the chain
   * goes on through the store once `d`'s result is written.
   */
  async function handOff(d: DeliveryRecord, prepared: Promise<PreparedSuccessor | null>, finished: Finished): Promise<void> {
    const ready = await prepared.catch(() => null);
    if (ready?.claimed && !stopped) {
      const [head, ...rest] = ready.run;
      const after = rest.length > 0 ? Promise.resolve<PreparedSuccessor>({ run: rest, claimed: true, endpoint: ready.endpoint }) : undefined;
      track(attemptClaimed(head, ready.endpoint, true, after));
      return finisher.add({ ...finished, handedOff: true });
    }
    if (ready?.claimed) await giveBack(d, ready);
    await finisher.add(finished);
    // The successor may not be flagged on `d` in the store (a link stands in for the flag).
    if (ready) track(kickNext(d.orgId, d.endpointId, d.orderingKey));
  }

  /**
   * The known successors of a delivery that was not delivered wait on, the first flagged
   * on it in the store; those claimed in advance are released first.
   */
  async function giveBack(d: DeliveryRecord, ready: PreparedSuccessor): Promise<void> {
    if (ready.claimed) {
      await deps.deliveries.releaseToWait(d.orgId, ready.run.map((r) => r.id), deps.owner, deps.clock.now());
      successors.relink(d, ready.run);
    }
    await waitBehind({ ...ready.run[0], waiting: 'predecessor' });
  }

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
      // A waiter has no attempt time: the due sweep reads only deliveries it may attempt.
      nextAttemptAt: waits ? null : now,
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

  const storeOrder = (orgId: string, events: StagedEvent[]) => readStoreOrder({ ...deps, openTail: successors.openTail, hasEnded: successors.hasEnded, wasFannedHere: successors.wasFannedHere }, orgId, events);

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
    const unordered = new Set<string>();
    for (const event of events) {
      if (event.unordered) unordered.add(event.id);
      const body = serializeEnvelope(event);
      for (const endpoint of await targetsOf(event, order.enabled)) {
        endpointsById.set(endpoint.id, endpoint);
        const chain = chainOf({ endpointId: endpoint.id, orderingKey: event.orderingKey });
        const earlierInBatch = event.unordered ? undefined : latest.get(chain);
        const inStore = order.around(event, endpoint);
        const d = newDelivery(event, endpoint, body, now, Boolean(earlierInBatch) || inStore.earlier);
        // A later event of the resource fanned out first (by another process) waits for this one.
        d.successorWaiting = inStore.later;
        if (earlierInBatch) earlierInBatch.successorWaiting = true;
        else if (inStore.earlier) blockedByStore.add(d);
        if (!event.unordered) latest.set(chain, d);
        records.push(d);
      }
    }
    const inserted = await deps.deliveries.insertMany(records);
    const linked = linkChains(inserted.filter((d) => !unordered.has(d.eventId)), order);
    const skipped = new Set(records.filter((r) => !inserted.includes(r)).map((r) => r.eventId));
    successors.noteFanned(events.filter((e) => !e.unordered && !skipped.has(e.id)).map((e) => e.id));
    const byEvent = new Map<string, DeliveryRecord[]>();
    for (const d of inserted) {
      groupInto(byEvent, d.eventId, d);
      if (!d.waiting) track(attemptClaimed(d, endpointsById.get(d.endpointId)!, true));
      else if (blockedByStore.has(d) && !linked.has(d)) track(waitBehind(d));
    }
    const heads = inserted.filter((d) => !d.waiting && !d.successorWaiting && !unordered.has(d.eventId));
    if (heads.length > 0) track(wakeLateWaiters(orgId, heads));
    // Marked only once the deliveries exist (a crash before this re-fans out, harmlessly);
    // the first attempts do not wait for it.
    await deps.events.markFannedOut(events.map((e) => e.id), now);
    return byEvent;
  }

  /**
   * Links each new delivery of an ordered chain to the one before it in this process (in
   * the batch, or the chain's open tail when nothing recorded between them was unfanned at
   * the read), so it is sent as soon as that one is delivered. Returns the deliveries
   * linked to an open tail: these need no flag in the store to be woken.
   */
  function linkChains(inserted: DeliveryRecord[], order: StoreOrder): Set<DeliveryRecord> {
    const toTail = new Set<DeliveryRecord>();
    const lastOf = new Map<string, DeliveryRecord>();
    for (const d of inserted) {
      const chain = chainOf(d);
      const inBatch = lastOf.get(chain);
      const tail = inBatch ? undefined : successors.openTail(chain);
      const prev = inBatch ?? tail;
      if (d.waiting === 'predecessor' && prev && prev.eventId < d.eventId && !order.unfannedBetween(d.orderingKey, prev.eventId, d.eventId)) {
        successors.link(prev, d);
        if (tail) toTail.add(d);
      }
      lastOf.set(chain, d);
    }
    for (const [chain, d] of lastOf) successors.setTail(chain, d);
    return toTail;
  }

  /**
   * A later delivery of a key that another process inserted while this batch was being
   * written may have flagged nothing (these did not exist yet) and been missed by the read
   * before: flag these for it now, and wake it if its predecessor is already done.
   */
  async function wakeLateWaiters(orgId: string, heads: DeliveryRecord[]): Promise<void> {
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
    // Batches with ordered events are fanned out in recording order, so each links its
    // chains to the tails the one before left (unordered ones need not wait).
    const previous = orderedFanOut;
    const ordered = batch.some((e) => !e.unordered);
    const run = (async () => {
      if (ordered) await previous;
      for (const { orgId, events, order } of orgs) {
        const recordedNow = events.filter((e) => fresh.has(e.id));
        if (recordedNow.length > 0) for (const [eventId, ds] of await fanOutOrg(orgId, recordedNow, order)) results.set(eventId, ds);
      }
      return results;
    })();
    if (ordered) orderedFanOut = run.catch(() => undefined);
    return run;
  }
  let orderedFanOut: Promise<unknown> = Promise.resolve();

  function fanOut(event: StagedEvent): Promise<DeliveryRecord[]> {
    let run = fanningOut.get(event.id);
    if (!run) {
      run = fanOutBatcher.add(event).then((ds) => new Map([[event.id, ds]]));
      noteFanningOut([event.id], run);
    }
    return run.then((results) => results.get(event.id) ?? []);
  }

  /** `prepared`: its successors as already claimed (the rest of a run), else they are prepared now. */
  async function attemptClaimed(d: DeliveryRecord, known: EndpointRecord | null, headChecked: boolean, prepared?: Promise<PreparedSuccessor | null>): Promise<void> {
    const endpoint = known ?? (await deps.endpoints.findById(d.orgId, d.endpointId));
    if (!endpoint || !endpoint.enabled) {
      // Successors claimed ahead of a delivery that is not attempted wait again.
      const ready = prepared ? await prepared.catch(() => null) : null;
      if (ready) await giveBack(d, ready);
    }
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
        await deps.deliveries.release(d.orgId, d.id, deps.owner, { waiting: 'predecessor', nextAttemptAt: null, updatedAt: deps.clock.now() });
        await waitBehind({ ...d, waiting: 'predecessor' });
        return;
      }
    }
    // The known successors are checked and claimed while this one is sent.
    const next = prepared ?? successors.prepare(d);
    if (next) preparing.set(d.id, next);
    let saved: DeliveryRecord | null = null;
    try {
      saved = await attemptDelivery(attemptDeps, d, endpoint);
    } finally {
      // Still here: not delivered (finishDelivered takes it), so the successors wait on.
      const ready = next && preparing.get(d.id) === next ? await next.catch(() => null) : null;
      preparing.delete(d.id);
      if (ready) await giveBack(d, ready);
      else if (successors.nextOf(d.id)) await waitBehind({ ...successors.nextOf(d.id)!, waiting: 'predecessor' });
      if (saved && saved.status !== 'pending') {
        successors.noteEnded(d.id);
        successors.close(d);
      }
    }
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
      // Events recorded before the unfanned field existed, once per process (start-up).
      if (sweeps === 0) await deps.events.adoptLegacyUnfanned();
      const full = sweeps++ % 60 === 0;
      if (full) successors.prune();
      const nowMs = deps.clock.now().getTime();
      // The _id range leaves the last seconds to the live path; both passes read only
      // unfanned events, through the {unfanned, _id} index.
      const window = full ? undefined : { from: uuidFloor(nowMs - RECENT_EVENTS_MS), before: uuidFloor(nowMs - 2_000) };
      const events = await deps.events.pendingFanout(MAX_BATCH, window);
      await Promise.all(events.map(fanOut));
      const work = events.length;
      if (stopped) return work;
      const now = deps.clock.now();
      const due = await deps.deliveries.due(new Date(now.getTime() - graceMs), 200);
      await Promise.all(due.map((d) => attemptIfDue(d.orgId, d.id)));
      const waiting = await deps.deliveries.staleWaiting(new Date(now.getTime() - Math.max(graceMs, 5_000)), 100);
      // One kick per chain: a backlog's waiters all wait behind the same head.
      const chains = new Map(waiting.map((d) => [chainOf(d), d]));
      for (const d of chains.values()) await kickNext(d.orgId, d.endpointId, d.orderingKey);
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

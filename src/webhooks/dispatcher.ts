import type { IdGenerator } from '../domain/shared/ids.ts';
import type { DeliveryRecord, EndpointRecord } from '../domain/webhooks/types.ts';
import type { EventsRepo } from '../events/events-repo.ts';
import type { StagedEvent } from '../events/outbox.ts';
import { createBatcher } from '../domain/shared/batcher.ts';
import { createEndpointReads } from './endpoint-reads.ts';
import { createAttemptRunner } from './attempt-runner.ts';
import type { AttemptDeps } from './delivery-attempt.ts';
import { planFanOut, planLinks, testedEndpointIds } from './fan-out-plan.ts';
import { createOrderingRules, type OrderingRules } from './ordering-rules.ts';
import { createRecoverySweep } from './recovery-sweep.ts';
import type { Verdict } from './retry-policy.ts';
import { readStoreOrder, type StoreOrder } from './store-order.ts';
import { createSuccessorLinks } from './successor-links.ts';
import { claimWaiter } from './waiter-claim.ts';

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
 * Turns recorded events into deliveries and makes their attempts, in named stages:
 * - fan-out (here): the store's view of the batch's chains (store-order.ts), the plan
 *   (fan-out-plan.ts, pure), one insert, and the chains linked in this process;
 * - the ordering rules (ordering-rules.ts): head of line per endpoint and ordering key,
 *   successor wake-up through the store;
 * - the attempt runner (attempt-runner.ts): the one entry by which attempts are scheduled,
 *   sending, writing results, handing a delivered one's successors on;
 * - the recovery sweep (recovery-sweep.ts): what a crashed or stopped process left.
 * Fan-out is idempotent (unique (endpoint, event) index); an attempt is made only under a
 * lease, so two processes never attempt the same delivery at once.
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
  const endpointReads = createEndpointReads({ endpoints: deps.endpoints, clock: deps.clock });
  const endpoints = { ...deps.endpoints, findById: endpointReads.findById, listEnabled: endpointReads.listEnabled };
  const successors = createSuccessorLinks({
    deliveries: deps.deliveries,
    events: deps.events,
    endpoints,
    isFresh: endpointReads.isFresh,
    freshest: endpointReads.freshest,
    clock: deps.clock,
    owner: deps.owner,
    leaseMs,
  });

  function track<T>(p: Promise<T>): void {
    const guarded = p.catch((err) => deps.logger.error({ err }, 'webhook dispatch failed'));
    inFlight.add(guarded);
    void guarded.finally(() => inFlight.delete(guarded));
  }

  const runner = createAttemptRunner({ ...deps, endpoints, leaseMs, successors, ordering: () => ordering, track, stopped: () => stopped });
  const ordering: OrderingRules = createOrderingRules({
    deliveries: deps.deliveries,
    events: deps.events,
    endpoints: deps.endpoints,
    clock: deps.clock,
    owner: deps.owner,
    leaseMs,
    attemptHead: (d) => runner.schedule({ kind: 'head', d }),
  });
  const waiterClaims = { deliveries: deps.deliveries, clock: deps.clock, owner: deps.owner, leaseMs };
  const attemptIfDue = (orgId: string, id: string) => runner.schedule({ kind: 'due', orgId, id });

  const storeOrder = (orgId: string, events: StagedEvent[]) =>
    readStoreOrder(
      { ...deps, endpoints, openTail: successors.openTail, hasEnded: successors.hasEnded, wasFannedHere: successors.wasFannedHere },
      orgId,
      events,
    );

  async function readTested(orgId: string, events: StagedEvent[]): Promise<Map<string, EndpointRecord>> {
    const tested = new Map<string, EndpointRecord>();
    for (const id of testedEndpointIds(events)) {
      const endpoint = await deps.endpoints.findById(orgId, id);
      if (endpoint) tested.set(id, endpoint);
    }
    return tested;
  }

  /**
   * One organization's share of a fan-out batch (sorted by event id): a few round trips
   * for all its events. `ordered` is its storeOrder if already started.
   */
  async function fanOutOrg(orgId: string, events: StagedEvent[], ordered?: Promise<StoreOrder>): Promise<Map<string, DeliveryRecord[]>> {
    const order = await (ordered ?? storeOrder(orgId, events));
    const now = deps.clock.now();
    const plan = planFanOut({
      events,
      enabled: order.enabled,
      tested: await readTested(orgId, events),
      around: order.around,
      now,
      newId: deps.ids.uuid,
      owner: deps.owner,
      leaseMs,
      retentionMs: deps.retentionMs,
    });
    const unordered = new Set(events.filter((e) => e.unordered).map((e) => e.id));
    const inserted = await deps.deliveries.insertMany(plan.records);
    const linked = linkChains(
      inserted.filter((d) => !unordered.has(d.eventId)),
      order,
    );
    const insertedSet = new Set(inserted);
    const skipped = new Set(plan.records.filter((r) => !insertedSet.has(r)).map((r) => r.eventId));
    successors.noteFanned(events.filter((e) => !e.unordered && !skipped.has(e.id)).map((e) => e.id));
    const byEvent = new Map<string, DeliveryRecord[]>();
    for (const d of inserted) {
      groupInto(byEvent, d.eventId, d);
      if (!d.waiting) track(runner.schedule({ kind: 'leased', d, endpoint: plan.endpointsById.get(d.endpointId)! }));
      else if (plan.blockedByStore.has(d) && !linked.has(d)) track(afterTail(d, plan.heldByTail.get(d), plan.endpointsById.get(d.endpointId)!));
    }
    const heads = inserted.filter((d) => !d.waiting && !d.successorWaiting && !unordered.has(d.eventId));
    if (heads.length > 0) track(ordering.wakeLateWaiters(orgId, heads));
    // Marked only once the deliveries exist (a crash before this re-fans out, harmlessly);
    // the first attempts do not wait for it.
    await deps.events.markFannedOut(
      events.map((e) => e.id),
      now,
    );
    return byEvent;
  }

  /**
   * A delivery that waits but could not be linked to the one before it. When that one was
   * this process's chain tail and nothing else came before (the plan's `heldBy`), and the
   * tail has since ended here (it was delivered, or given up, while the delivery was being
   * inserted), the chain moves on at once: one claim, no store scan. Otherwise it waits
   * through the store.
   */
  async function afterTail(d: DeliveryRecord, tail: DeliveryRecord | undefined, endpoint: EndpointRecord): Promise<void> {
    if (!tail || !successors.hasEnded(tail.id)) return ordering.waitBehind(d);
    const claimed = await claimWaiter(waiterClaims, d);
    if (claimed) await runner.schedule({ kind: 'head', d: claimed, endpoint });
  }

  /**
   * Links each new delivery of an ordered chain to the one before it in this process, so
   * it is sent as soon as that one is delivered. Returns the deliveries linked to an open
   * tail: these need no flag in the store to be woken.
   */
  function linkChains(inserted: DeliveryRecord[], order: StoreOrder): Set<DeliveryRecord> {
    const plan = planLinks({ inserted, openTail: successors.openTail, unfannedBetween: order.unfannedBetween });
    for (const { prev, next } of plan.links) successors.link(prev, next);
    for (const [chain, d] of plan.tails) successors.setTail(chain, d);
    return plan.toTail;
  }

  const fanOutBatcher = createBatcher<StagedEvent, DeliveryRecord[]>(
    async (events) => {
      const results = new Map<string, DeliveryRecord[]>();
      for (const [orgId, orgEvents] of byOrgInIdOrder(events)) for (const [eventId, ds] of await fanOutOrg(orgId, orgEvents)) results.set(eventId, ds);
      return events.map((e) => results.get(e.id) ?? []);
    },
    MAX_BATCH,
    { concurrency: FAN_OUT_CONCURRENCY },
  );

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

  const sweep = createRecoverySweep({
    events: deps.events,
    deliveries: deps.deliveries,
    clock: deps.clock,
    fanOut,
    attemptIfDue,
    kickNext: ordering.kickNext,
    prune: successors.prune,
    stopped: () => stopped,
  });

  return {
    fanOut,
    /** The outbox listener: fan out as soon as events are recorded, no polling delay. */
    onRecording(batch: StagedEvent[], recorded: Promise<StagedEvent[]>): void {
      if (stopped) return;
      const run = fanOutRecording(batch, recorded);
      noteFanningOut(
        batch.map((e) => e.id),
        run,
      );
      track(run);
    },
    /** Attempts a due delivery if this process wins its lease (retry jobs, redeliveries). */
    attemptIfDue,
    dispatchSoon(orgId: string, deliveryId: string): void {
      track(attemptIfDue(orgId, deliveryId));
    },
    kickNext: ordering.kickNext,
    sweep,
    async stop(timeoutMs: number): Promise<void> {
      stopped = true;
      const deadline = new Promise((r) => setTimeout(r, timeoutMs).unref());
      await Promise.race([Promise.allSettled([...inFlight]), deadline]);
    },
    inFlightCount: () => inFlight.size,
  };
}

export type Dispatcher = ReturnType<typeof createDispatcher>;

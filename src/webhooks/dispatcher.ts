import type { Logger } from 'pino';
import type { Clock } from '../domain/shared/clock.ts';
import type { IdGenerator } from '../domain/shared/ids.ts';
import type { DeliveryRecord, DeliveryStore, EndpointRecord, EndpointStore } from '../domain/webhooks/types.ts';
import { subscriptionMatches } from '../events/event-types.ts';
import type { EventsRepo } from '../events/events-repo.ts';
import type { StagedEvent } from '../events/outbox.ts';
import type { OutboundClient } from '../outbound/http-client.ts';
import { attemptDelivery, type AttemptDeps } from './delivery-attempt.ts';
import { serializeEnvelope, testTarget } from './envelope.ts';
import type { Verdict } from './retry-policy.ts';

export interface DispatcherDeps {
  endpoints: EndpointStore;
  deliveries: DeliveryStore;
  events: EventsRepo;
  client: OutboundClient;
  clock: Clock;
  ids: IdGenerator;
  random: () => number;
  logger: Logger;
  /** Names this process in delivery leases. */
  owner: string;
  timeoutMs: number;
  retryScheduleSeconds: readonly number[];
  disableAfterFailures: number;
  retentionMs: number;
  /** Persists a retry (an Agenda job); the recovery sweep is the backstop if it is lost. */
  scheduleRetry(d: DeliveryRecord): Promise<void>;
  onOutcome?(saved: DeliveryRecord, verdict: Verdict): void;
}

/**
 * Turns recorded events into deliveries and makes their attempts. Fan-out is idempotent
 * (unique (endpoint, event) index); an attempt is made only under a lease taken with one
 * findOneAndUpdate, so two processes never attempt the same delivery at once; only the
 * oldest pending delivery of an (endpoint, orderingKey) is attempted.
 */
export function createDispatcher(deps: DispatcherDeps) {
  const leaseMs = deps.timeoutMs + 5_000;
  const inFlight = new Set<Promise<unknown>>();
  const fanOuts = new Map<string, Promise<DeliveryRecord[]>>();
  const keyChains = new Map<string, Promise<unknown>>();
  let stopped = false;

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
  };

  function track<T>(p: Promise<T>): void {
    const guarded = p.catch((err) => deps.logger.error({ err }, 'webhook dispatch failed'));
    inFlight.add(guarded);
    void guarded.finally(() => inFlight.delete(guarded));
  }

  async function targetsOf(event: StagedEvent): Promise<EndpointRecord[]> {
    if (event.type === 'webhook.test') {
      // Always delivered to the endpoint being tested, whatever it subscribes to.
      const id = testTarget(event.orderingKey);
      const endpoint = id ? await deps.endpoints.findById(event.orgId, id) : null;
      return endpoint ? [endpoint] : [];
    }
    const enabled = await deps.endpoints.listEnabled(event.orgId);
    return enabled.filter((e) => subscriptionMatches(e.events, event.type));
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

  async function createDeliveries(event: StagedEvent): Promise<DeliveryRecord[]> {
    const targets = await targetsOf(event);
    const now = deps.clock.now();
    const blocked = await deps.deliveries.endpointsWithEarlierPending(event.orgId, targets.map((t) => t.id), event.orderingKey, event.id);
    const body = serializeEnvelope(event);
    const inserted = await deps.deliveries.insertMany(targets.map((t) => newDelivery(event, t, body, now, blocked.has(t.id))));
    await deps.events.markFannedOut(event.id, now);
    const byId = new Map(targets.map((t) => [t.id, t]));
    for (const d of inserted) {
      if (d.waiting) track(waitBehind(d));
      else track(attemptClaimed(d, byId.get(d.endpointId)!, true));
    }
    return inserted;
  }

  /** Deliveries of the same ordering key are created one after another in this process. */
  function fanOut(event: StagedEvent): Promise<DeliveryRecord[]> {
    const running = fanOuts.get(event.id);
    if (running) return running;
    const previous = keyChains.get(event.orderingKey) ?? Promise.resolve();
    const p = previous.then(() => createDeliveries(event));
    const settled = p.catch(() => undefined);
    fanOuts.set(event.id, p);
    keyChains.set(event.orderingKey, settled);
    void settled.finally(() => {
      fanOuts.delete(event.id);
      if (keyChains.get(event.orderingKey) === settled) keyChains.delete(event.orderingKey);
    });
    return p;
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

  async function kickNext(orgId: string, endpointId: string, orderingKey: string): Promise<void> {
    const head = await deps.deliveries.head(orgId, endpointId, orderingKey);
    if (!head || head.waiting !== 'predecessor') return;
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

  return {
    fanOut,
    /** The outbox listener: fan out as soon as an event is recorded, no polling delay. */
    onRecorded(event: StagedEvent): void {
      if (!stopped) track(fanOut(event));
    },
    attemptIfDue,
    dispatchSoon(orgId: string, deliveryId: string): void {
      track(attemptIfDue(orgId, deliveryId));
    },
    kickNext,
    /** One pass of crash recovery: events not fanned out, overdue deliveries, stranded waiters. */
    async sweep(graceMs: number): Promise<number> {
      let work = 0;
      for (const doc of await deps.events.pendingFanout(200)) {
        if (stopped) return work;
        await fanOut({ id: doc._id, type: doc.type, orgId: doc.orgId, orderingKey: doc.orderingKey, data: doc.data, occurredAt: doc.occurredAt });
        work += 1;
      }
      const now = deps.clock.now();
      const due = await deps.deliveries.due(new Date(now.getTime() - graceMs), 200);
      await Promise.all(due.map((d) => attemptIfDue(d.orgId, d.id)));
      work += due.length;
      const waiting = await deps.deliveries.staleWaiting(new Date(now.getTime() - Math.max(graceMs, 5_000)), 100);
      for (const d of waiting) await kickNext(d.orgId, d.endpointId, d.orderingKey);
      return work + waiting.length;
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

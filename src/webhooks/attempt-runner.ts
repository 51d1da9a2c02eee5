import { createBatcher } from '../domain/shared/batcher.ts';
import type { AttemptRecord, DeliveryRecord, EndpointRecord } from '../domain/webhooks/types.ts';
import { attemptDelivery, type AttemptDeps } from './delivery-attempt.ts';
import type { OrderingRules } from './ordering-rules.ts';
import type { Verdict } from './retry-policy.ts';
import type { PreparedSuccessor, SuccessorLinks } from './successor-links.ts';

const MAX_BATCH = 500;

export interface AttemptRunnerDeps extends Omit<AttemptDeps, 'onOutcome' | 'finishDelivered'> {
  leaseMs: number;
  successors: SuccessorLinks;
  /** Set once the ordering rules exist (they attempt the heads they claim through this runner). */
  ordering(): OrderingRules;
  /** Persists a retry (an Agenda job) that comes back through `schedule` as `due`. */
  scheduleRetry(d: DeliveryRecord): Promise<void>;
  onOutcome?(saved: DeliveryRecord, verdict: Verdict): void;
  /** Runs background work the dispatcher waits for on stop (and logs if it fails). */
  track(p: Promise<unknown>): void;
  stopped(): boolean;
}

/**
 * How an attempt is asked for. There is one entry, `schedule`, and these are its cases:
 * - `leased`: a delivery inserted already leased by this process's fan-out (its first
 *   attempt needs no claim round trip);
 * - `head`: the head of a chain just claimed (by the ordering rules, or by fan-out after
 *   this process's tail of the chain ended), with the endpoint record if fresh;
 * - `due`: a delivery that may be due (a retry job, the recovery sweep, a redelivery):
 *   attempted if this process wins its lease;
 * - `later`: a retry at `d.nextAttemptAt`, kept as a durable Agenda job (an in-process timer
 *   would die with the process, and the sweep alone would add its interval to every retry);
 *   the job comes back as `due`, and the sweep is the backstop if the job is lost.
 * Successors claimed in advance while their predecessor is sent (successor-links.ts) are
 * attempted straight from the hand-off below: they are `head`s claimed in a batch.
 */
export type AttemptRequest =
  | { kind: 'leased'; d: DeliveryRecord; endpoint: EndpointRecord }
  | { kind: 'head'; d: DeliveryRecord; endpoint?: EndpointRecord }
  | { kind: 'due'; orgId: string; id: string }
  | { kind: 'later'; d: DeliveryRecord };

/**
 * Makes attempts under a lease: sign, send, write the result (successes in batches, a
 * chain's results predecessor first), hand a delivered one's claimed successors on at
 * once, and wake a chain through the store when no successor was claimed here.
 */
export function createAttemptRunner(deps: AttemptRunnerDeps) {
  const { successors } = deps;
  /** Successors being prepared, by the id of the delivery being sent before them. */
  const preparing = new Map<string, Promise<PreparedSuccessor | null>>();
  /** The endpoint record each attempt under way is sent with. */
  const sentWith = new Map<string, EndpointRecord>();

  /** `handedOff`: its successor is already being sent; nothing to wake after the write. */
  type Finished = { d: DeliveryRecord; set: Partial<DeliveryRecord>; attempt: AttemptRecord; handedOff?: boolean };
  const finishAll = (items: Finished[], onlyWithoutSuccessor = false) =>
    deps.deliveries.finishMany(
      items.map(({ d, set, attempt }) => ({ orgId: d.orgId, id: d.id, owner: deps.owner, set, attempt })),
      { onlyWithoutSuccessor },
    );

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
        deps.track(deps.ordering().kickNext(done.orgId, done.endpointId, done.orderingKey));
      }
    }
    return items.map(() => undefined);
  }, MAX_BATCH);

  const attemptDeps: AttemptDeps = {
    ...deps,
    onOutcome(saved, verdict) {
      deps.onOutcome?.(saved, verdict);
      if (saved.status === 'pending') schedule({ kind: 'later', d: saved });
      else if (saved.successorWaiting) deps.track(deps.ordering().kickNext(saved.orgId, saved.endpointId, saved.orderingKey));
    },
    finishDelivered: (d, set, attempt) => {
      // Successors prepared as it was sent, or linked while it was (checked and claimed now).
      successors.noteEnded(d.id);
      const prepared = preparing.get(d.id) ?? successors.prepare(d, sentWith.get(d.id));
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
    if (ready?.claimed && !deps.stopped()) {
      const [head, ...rest] = ready.run;
      const after = rest.length > 0 ? Promise.resolve<PreparedSuccessor>({ run: rest, claimed: true, endpoint: ready.endpoint }) : undefined;
      deps.track(attemptClaimed(head, ready.endpoint, true, after));
      return finisher.add({ ...finished, handedOff: true });
    }
    if (ready?.claimed) await giveBack(d, ready);
    await finisher.add(finished);
    // The successor may not be flagged on `d` in the store (a link stands in for the flag).
    if (ready) deps.track(deps.ordering().kickNext(d.orgId, d.endpointId, d.orderingKey, ready.run[0].eventId));
  }

  /**
   * The known successors of a delivery that was not delivered wait on, the first flagged
   * on it in the store; those claimed in advance are released first.
   */
  async function giveBack(d: DeliveryRecord, ready: PreparedSuccessor): Promise<void> {
    if (ready.claimed) {
      await deps.deliveries.releaseToWait(
        d.orgId,
        ready.run.map((r) => r.id),
        deps.owner,
        deps.clock.now(),
      );
      successors.relink(d, ready.run);
    }
    await deps.ordering().waitBehind({ ...ready.run[0], waiting: 'predecessor' });
  }

  /** An endpoint deleted or disabled since the delivery was claimed: no attempt. */
  async function notAttempted(d: DeliveryRecord, endpoint: EndpointRecord | null, prepared?: Promise<PreparedSuccessor | null>): Promise<void> {
    // Successors claimed ahead of a delivery that is not attempted wait again.
    const ready = prepared ? await prepared.catch(() => null) : null;
    if (ready) await giveBack(d, ready);
    if (!endpoint) {
      await deps.deliveries.finishAttempt(
        d.orgId,
        d.id,
        deps.owner,
        { status: 'dropped', lastError: 'endpoint deleted', nextAttemptAt: null, leaseOwner: null, leaseUntil: null },
        null,
      );
      return;
    }
    // Disabling pauses delivery; enabling the endpoint again resumes it.
    await deps.deliveries.release(d.orgId, d.id, deps.owner, { waiting: 'endpoint_disabled', nextAttemptAt: null, updatedAt: deps.clock.now() });
  }

  /** `prepared`: its successors as already claimed (the rest of a run), else they are prepared now. */
  async function attemptClaimed(
    d: DeliveryRecord,
    known: EndpointRecord | null,
    headChecked: boolean,
    prepared?: Promise<PreparedSuccessor | null>,
  ): Promise<void> {
    const endpoint = known ?? (await deps.endpoints.findById(d.orgId, d.endpointId));
    if (!endpoint || !endpoint.enabled) return notAttempted(d, endpoint, prepared);
    if (!headChecked) {
      const head = await deps.deliveries.head(d.orgId, d.endpointId, d.orderingKey);
      if (head && head.id !== d.id) {
        await deps.deliveries.release(d.orgId, d.id, deps.owner, { waiting: 'predecessor', nextAttemptAt: null, updatedAt: deps.clock.now() });
        await deps.ordering().waitBehind({ ...d, waiting: 'predecessor' });
        return;
      }
    }
    // The known successors are checked and claimed while this one is sent.
    const next = prepared ?? successors.prepare(d, endpoint);
    if (next) preparing.set(d.id, next);
    let saved: DeliveryRecord | null = null;
    sentWith.set(d.id, endpoint);
    try {
      saved = await attemptDelivery(attemptDeps, d, endpoint);
    } finally {
      sentWith.delete(d.id);
      // Still here: not delivered (finishDelivered takes it), so the successors wait on.
      const ready = next && preparing.get(d.id) === next ? await next.catch(() => null) : null;
      preparing.delete(d.id);
      if (ready) await giveBack(d, ready);
      else if (successors.nextOf(d.id)) await deps.ordering().waitBehind({ ...successors.nextOf(d.id)!, waiting: 'predecessor' });
      if (saved && saved.status !== 'pending') {
        successors.noteEnded(d.id);
        successors.close(d);
      }
    }
  }

  /** Claims a delivery that may be due and attempts it if this process won the lease. */
  async function attemptIfDue(orgId: string, id: string): Promise<void> {
    if (deps.stopped()) return;
    const now = deps.clock.now();
    const claimed = await deps.deliveries.claim(orgId, id, { owner: deps.owner, now, leaseUntil: new Date(now.getTime() + deps.leaseMs) });
    if (claimed) await attemptClaimed(claimed, null, false);
  }

  /** The one way an attempt is asked for (see AttemptRequest); resolves when it has run. */
  function schedule(req: AttemptRequest): Promise<void> {
    switch (req.kind) {
      case 'leased':
        return attemptClaimed(req.d, req.endpoint, true);
      case 'head':
        return attemptClaimed(req.d, req.endpoint ?? null, true);
      case 'due':
        return attemptIfDue(req.orgId, req.id);
      case 'later': {
        const d = req.d;
        const persisted = deps.scheduleRetry(d).catch((err) => deps.logger.error({ err, deliveryId: d.id }, 'scheduling a webhook retry failed'));
        return persisted.then(() => undefined);
      }
    }
  }

  return { schedule };
}

export type AttemptRunner = ReturnType<typeof createAttemptRunner>;

import type { Logger } from 'pino';
import { isApiError } from '../domain/errors.ts';
import type { Clock } from '../domain/shared/clock.ts';
import { createReadCache } from '../domain/shared/read-cache.ts';
import type { Outbox } from '../events/outbox.ts';
import { PermanentFailure, runAction, type ReplyHandler, type RowUpserter } from './actions.ts';
import { parseBody } from './body.ts';
import type { TriggerEventStore, TriggerStore } from './stores.ts';
import type { TriggerEventRecord, TriggerRecord } from './types.ts';

// One attempt at one stored request. The event is claimed with a lease (so two workers
// never run it at once), the action runs, and "processed" is written in the same
// single-document update that stages the action's outbound events: an attempt either
// happened in full or is retried; it never happens twice in effect.
//
// Events touching one target run in acknowledgment order (`seq`): an event with an
// unsettled earlier one on any of its targets gives its claim back and queues behind the
// nearest such event, which wakes it when it settles (processed, or failed for good: a
// dead event does not hold its target). A retrying event holds only its own targets.
// If the waker dies first, the recovery sweep finds the waiter when its grace runs out.

export interface ProcessorDeps {
  triggers: TriggerStore;
  triggerEvents: TriggerEventStore;
  outbox: Outbox;
  clock: Clock;
  logger: Logger;
  rows: RowUpserter | null;
  replies: ReplyHandler | null;
  /** Delay before retry n (1-based) in ms; its length + 1 is the attempt budget. */
  retryDelaysMs: number[];
  leaseMs?: number;
  recoveryGraceMs?: number;
}

/** The attempt failed and the event waits `delayMs` for its next one. */
export class RetryableFailure extends Error {
  constructor(
    message: string,
    readonly delayMs = 0,
  ) {
    super(message);
  }
}

/**
 * What an attempt left for the caller to run next: the events that waited for this one
 * on a target (or this one again, when what it waited for settled meanwhile).
 */
export interface ProcessOutcome {
  next: string[];
}

const NOTHING: ProcessOutcome = { next: [] };
const isOrdered = (e: TriggerEventRecord) => Boolean(e.targetKey) || (e.targetKeys?.length ?? 0) > 0;

function reasonOf(err: unknown): string {
  if (isApiError(err)) return `${err.code}: ${err.message}`;
  if (err instanceof PermanentFailure) return err.message;
  return err instanceof Error ? err.message.slice(0, 500) : 'processing failed';
}

// A client error is final, except those that say "retry": a rate limit, and a row that
// kept losing write races to other requests.
const isPermanent = (err: unknown) =>
  err instanceof PermanentFailure || (isApiError(err) && err.status < 500 && err.status !== 429 && err.code !== 'ROW_CONTENTION');

export function createTriggerProcessor(deps: ProcessorDeps) {
  const leaseMs = deps.leaseMs ?? 60_000;
  const graceMs = deps.recoveryGraceMs ?? 60_000;
  const maxAttempts = deps.retryDelaysMs.length + 1;
  // A burst of events for one trigger reads it once; a deletion is seen within a second.
  const triggers = createReadCache<TriggerRecord | null>({ ttlMs: 1_000, maxEntries: 1_000 });
  const loadTrigger = (orgId: string, id: string) => triggers.get(`${orgId}:${id}`, deps.clock.now().getTime(), () => deps.triggers.findById(orgId, id));

  /**
   * Gives the claim back and queues the event behind an earlier unsettled one on its
   * targets; null when it is its turn. Both steps are single-document writes, so either
   * the waker sees the waiter or the waiter sees the waker settled and goes again.
   */
  async function waitTurn(event: TriggerEventRecord, leaseUntil: Date): Promise<ProcessOutcome | null> {
    if (!isOrdered(event)) return null;
    const seq = typeof event.seq === 'number' ? event.seq : await deps.triggerEvents.assignSeq(event.orgId, event.id);
    const blocker = await deps.triggerEvents.findBlocker({ ...event, seq });
    if (!blocker) return null;
    await deps.triggerEvents.unclaim(event.id, leaseUntil, new Date(deps.clock.now().getTime() + graceMs));
    return (await deps.triggerEvents.waitBehind(blocker, event.id)) ? NOTHING : { next: [event.id] };
  }

  /** Resolves when the attempt is settled (or queued behind an earlier event); throws (for the job's backoff) when it should be retried. */
  async function processEvent(eventId: string): Promise<ProcessOutcome> {
    const now = deps.clock.now();
    const leaseUntil = new Date(now.getTime() + leaseMs);
    const event = await deps.triggerEvents.claim(eventId, now, leaseUntil);
    if (!event) return NOTHING;
    try {
      const waiting = await waitTurn(event, leaseUntil);
      if (waiting) return waiting;
      const trigger = await loadTrigger(event.orgId, event.triggerId);
      if (!trigger) throw new PermanentFailure('the trigger was deleted');
      const outcome = await runAction(
        { rows: deps.rows, replies: deps.replies, stage: (d) => deps.outbox.stage(d) },
        trigger,
        event,
        parseBody(event.contentType, event.rawBody),
      );
      const settled = await deps.triggerEvents.markProcessed(event.id, deps.clock.now(), outcome.result, outcome.staged);
      return { next: settled.waiters };
    } catch (err) {
      const reason = reasonOf(err);
      if (isPermanent(err) || event.attempts >= maxAttempts) {
        const settled = await deps.triggerEvents.markFailed(event.id, deps.clock.now(), reason);
        deps.logger.warn({ eventId, triggerId: event.triggerId, reason, attempts: event.attempts }, 'trigger event failed');
        return { next: settled.waiters };
      }
      const delay = deps.retryDelaysMs[event.attempts - 1] ?? deps.retryDelaysMs[deps.retryDelaysMs.length - 1] ?? 0;
      await deps.triggerEvents.release(event.id, reason, new Date(deps.clock.now().getTime() + delay + graceMs));
      throw new RetryableFailure(reason, delay);
    }
  }

  return { processEvent, maxAttempts };
}

export type TriggerProcessor = ReturnType<typeof createTriggerProcessor>;

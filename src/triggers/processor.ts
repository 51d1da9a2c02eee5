import type { Logger } from 'pino';
import { isApiError } from '../domain/errors.ts';
import type { Clock } from '../domain/shared/clock.ts';
import { createReadCache } from '../domain/shared/read-cache.ts';
import type { Outbox } from '../events/outbox.ts';
import { PermanentFailure, runAction, type ReplyHandler, type RowUpserter } from './actions.ts';
import { parseBody } from './body.ts';
import { TRIGGER_EVENTS_COLLECTION, type TriggerEventStore, type TriggerStore } from './stores.ts';
import type { TriggerRecord } from './types.ts';

// One attempt at one stored request. The event is claimed with a lease (so two workers
// never run it at once), the action runs, and "processed" is written in the same
// single-document update that stages the action's outbound events: an attempt either
// happened in full or is retried; it never happens twice in effect.

export interface ProcessorDeps {
  triggers: TriggerStore;
  events: TriggerEventStore;
  outbox: Outbox;
  clock: Clock;
  logger: Logger;
  rows: () => RowUpserter | null;
  replies: () => ReplyHandler | null;
  /** Delay before retry n (1-based) in ms; its length + 1 is the attempt budget. */
  retryDelaysMs: number[];
  leaseMs?: number;
  recoveryGraceMs?: number;
}

export class RetryableFailure extends Error {}

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
  const loadTrigger = (orgId: string, id: string) =>
    triggers.get(`${orgId}:${id}`, deps.clock.now().getTime(), () => deps.triggers.findById(orgId, id));

  /** Resolves when the attempt is settled; throws (for the job's backoff) when it should be retried. */
  async function processEvent(eventId: string): Promise<void> {
    const now = deps.clock.now();
    const event = await deps.events.claim(eventId, now, new Date(now.getTime() + leaseMs));
    if (!event) return;
    try {
      const trigger = await loadTrigger(event.orgId, event.triggerId);
      if (!trigger) throw new PermanentFailure('the trigger was deleted');
      const outcome = await runAction(
        { rows: deps.rows(), replies: deps.replies(), stage: (d) => deps.outbox.stage(d) },
        trigger,
        event,
        parseBody(event.contentType, event.rawBody),
      );
      const done = await deps.events.markProcessed(event.id, deps.clock.now(), outcome.result, outcome.staged);
      if (done && outcome.staged.length > 0) await deps.outbox.flush(TRIGGER_EVENTS_COLLECTION, event.id);
    } catch (err) {
      const reason = reasonOf(err);
      if (isPermanent(err) || event.attempts >= maxAttempts) {
        await deps.events.markFailed(event.id, deps.clock.now(), reason);
        deps.logger.warn({ eventId, triggerId: event.triggerId, reason, attempts: event.attempts }, 'trigger event failed');
        return;
      }
      const delay = deps.retryDelaysMs[event.attempts - 1] ?? deps.retryDelaysMs[deps.retryDelaysMs.length - 1] ?? 0;
      await deps.events.release(event.id, reason, new Date(deps.clock.now().getTime() + delay + graceMs));
      throw new RetryableFailure(reason);
    }
  }

  return { processEvent, maxAttempts };
}

export type TriggerProcessor = ReturnType<typeof createTriggerProcessor>;

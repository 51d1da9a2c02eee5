import type { Clock } from '../domain/shared/clock.ts';
import type { IdGenerator } from '../domain/shared/ids.ts';
import type { EventType } from './event-types.ts';
import type { EventsRepo } from './events-repo.ts';

// An event is made durable together with the change that causes it: the domain stages it
// (gives it its id and time) and hands it to its store's write, which keeps it on the
// changed document in the same single-document write and relays it into `events`
// (src/storage/outbox/). This module holds what the domain sees of that: the event
// shapes, staging, and the outbox's service.

export interface EventDraft {
  type: EventType;
  orgId: string;
  /** Events with the same key are delivered in order (e.g. `sequence:<id>`, `table_run:<id>`). */
  orderingKey: string;
  /**
   * No delivery of this event waits for another one, nor another for it: the key only
   * names the event (e.g. one inbound post among many that need no order).
   */
  unordered?: true;
  data: Record<string, unknown>;
  occurredAt?: Date;
}

export interface StagedEvent {
  id: string;
  type: EventType;
  orgId: string;
  orderingKey: string;
  unordered?: true;
  data: Record<string, unknown>;
  occurredAt: Date;
}

export type RecordingListener = (batch: StagedEvent[], recorded: Promise<StagedEvent[]>) => void;

/** Gives a draft its id and time: what a store's write stages with its change. */
export function stageEvent(draft: EventDraft, deps: { ids: IdGenerator; clock: Clock }): StagedEvent {
  return {
    id: deps.ids.uuid(),
    type: draft.type,
    orgId: draft.orgId,
    orderingKey: draft.orderingKey,
    ...(draft.unordered ? { unordered: true as const } : {}),
    data: draft.data,
    occurredAt: draft.occurredAt ?? deps.clock.now(),
  };
}

export interface Outbox {
  /** Gives the event its id and time; the caller passes it to the store write that makes it durable. */
  stage(draft: EventDraft): StagedEvent;
  /** For events that change no stored document (webhook.test, trigger.received, …); concurrent records share one insert. */
  record(draft: EventDraft): Promise<StagedEvent>;
  /** Relays every staged event of every event-producing collection (start-up and periodic recovery). */
  relayAll(): Promise<number>;
  /**
   * Called as each batch of events is written to `events`, with the promise of those it
   * newly recorded (a repeated relay records nothing again): dispatch starts without
   * polling, and may start the reads that do not need the batch written meanwhile.
   */
  onRecording(listener: RecordingListener): void;
  events: EventsRepo;
}
